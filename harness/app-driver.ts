/**
 * One person using the app in one browser page, in the words both browser drivers implement
 * (`chromium-driver.ts`, `firefox-driver.ts`), so that one suite runs every pairing of browsers.
 * Controls are found by their accessible names, as the Chromium suites find them; every wait is
 * bounded and ends with an error naming what it waited for.
 */
import type { PlaybackRecord, PlaybackWatch } from './playback.ts';

export type BrowserName = 'Chromium' | 'Firefox';

/**
 * Where to look for a text: anywhere in the app, the call panel, the open conversation's
 * messages, or the card of the newest file of that name.
 */
export type Region = 'app' | 'call' | 'log' | { file: string };

export type FileButton = 'Accept' | 'Decline' | 'Cancel';
export type CallButton = 'Mute' | 'Unmute' | 'Camera off' | 'Camera on' | 'Hang up' | 'Cancel' | 'Close';

export interface TextWait {
  /** Wait for the text to be gone instead. */
  gone?: boolean;
  /** Default 10 s. */
  timeout?: number;
}

export interface AppDriver {
  readonly browser: BrowserName;
  /** Fills `Username`, presses `Join` and waits for the `Conversations` list. */
  join(name: string): Promise<void>;
  /** Clicks the entry of `Conversations` whose name starts with `title` (`Everyone`, or a person), once it is listed. */
  open(title: string): Promise<void>;
  /** Resolves once `Conversations` lists an entry whose name starts with `title` or, with `gone`, once it lists none. */
  waitForConversation(title: string, options?: TextWait): Promise<void>;
  /** Fills `Message` and presses Enter. */
  say(text: string): Promise<void>;
  /**
   * Resolves once some element of `region` has a text containing `text` (a string; whitespace
   * collapsed) or matching it (a RegExp, tested on the text as it is, with the whitespace around
   * it: `^` may meet a line break), or, with `gone`, once none has.
   */
  waitForText(region: Region, text: string | RegExp, options?: TextWait): Promise<void>;
  /** The whole text of the open conversation's newest message containing `text`, once shown (and in `status`, given one). */
  message(text: string, status?: 'sent' | 'delivered'): Promise<string>;
  /** Offers files with `Send file` and the browser's file chooser, as a person does. */
  sendFiles(...paths: string[]): Promise<void>;
  /** Clicks `button` on the card of the newest file called `name`, once it shows. */
  fileButton(name: string, button: FileButton, timeout?: number): Promise<void>;
  /** Clicks `Save` on the received file `name`, once it shows, and resolves with where the download landed. */
  save(name: string, timeout?: number): Promise<string>;
  /** Reloads the page and waits until it is back in the conversations (it rejoins by itself). */
  reload(): Promise<void>;
  /** Clicks `Voice call` or `Video call` in the open private chat. */
  ring(kind: 'Voice call' | 'Video call'): Promise<void>;
  /** The incoming-call dialog's text, once it shows. */
  ringing(): Promise<string>;
  /** Clicks `Accept` or `Decline` in the incoming-call dialog. */
  answer(button: 'Accept' | 'Decline'): Promise<void>;
  /** Clicks a button of the call panel. */
  callButton(button: CallButton): Promise<void>;
  /**
   * Resolves once the `Remote video` has played on for half a second (its `currentTime` advanced by
   * 0.5 with frames decoded); rejects if it does not within 15 s.
   */
  remoteVideoPlays(): Promise<void>;
  /**
   * Listens to the audio arriving with the `Remote video` until a 1.5 s window is `want` (a sound,
   * or nothing at all), or 10 s have passed; whether it was.
   */
  hears(want: 'sound' | 'silence'): Promise<boolean>;
  /** Watches the call panel's `Remote video` or `Your camera` as `recordPlayback` does. */
  playback(which: 'Remote video' | 'Your camera', watch: PlaybackWatch): Promise<PlaybackRecord>;
  /**
   * Runs `fn(arg)` in the page (`arg` serialisable; no named functions inside `fn`, see
   * in-page.ts) and resolves with its result: for measuring what the words above do not name.
   */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Page errors seen so far (uncaught exceptions, CSP violations). */
  readonly errors: readonly string[];
  /** Closes the page and its browser profile. */
  close(): Promise<void>;
}

/** The pairings of the mixed-browser suites: each direction across browsers, and Firefox with itself. */
export const PAIRINGS: ReadonlyArray<readonly [BrowserName, BrowserName]> = [
  ['Chromium', 'Firefox'],
  ['Firefox', 'Chromium'],
  ['Firefox', 'Firefox'],
];
