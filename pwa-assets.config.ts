import { defineConfig } from '@vite-pwa/assets-generator/config';

/**
 * `npm run icons`: the app's PNG icons, drawn from `public/icon.svg` into `public/` (committed, so a
 * build needs no image tools). The sizes Android and desktop installs ask for (192, 512), maskable
 * ones for Android's adaptive shapes, and the 180 px one iOS puts on the home screen.
 */
export default defineConfig({
  headLinkOptions: { preset: '2023' },
  preset: {
    transparent: { sizes: [64, 192, 512], favicons: [[48, 'favicon.ico']] },
    maskable: { sizes: [192, 512], resizeOptions: { background: '#00a884' } },
    apple: { sizes: [180], resizeOptions: { background: '#00a884' } },
  },
  images: ['public/icon.svg'],
});
