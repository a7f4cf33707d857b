/**
 * The chat behind the join screen, loaded as a chunk of its own (`app-root.ts`). The two
 * shims come first: zod and simple-peer read what they set as they are evaluated.
 */
import './zod-without-eval.ts';
import './simple-peer-shim.ts';
import './components/chat-app.ts';
import { prepareLinkify } from './ui/linkify.ts';

prepareLinkify();
