/**
 * German, one file per component under `de/`. Keys are the ids given to `msg`; `${0}`, `${1}`… in a
 * `str` template stand for the English template's values, in its order.
 * `test/client/web/catalogue.test.ts` checks that every id the app uses is here and nothing here is unused.
 */
import joinScreen from './de/join-screen.ts';
import fileCard from './de/file-card.ts';
import callPanel from './de/call-panel.ts';
import incomingCall from './de/incoming-call.ts';
import callText from './de/call-text.ts';
import missedText from './de/missed-text.ts';
import capabilities from './de/capabilities.ts';
import chatApp from './de/chat-app.ts';
import conversationView from './de/conversation-view.ts';
import messageLog from './de/message-log.ts';
import messageComposer from './de/message-composer.ts';
import conversationList from './de/conversation-list.ts';
import format from './de/format.ts';
import emojiPicker from './de/emoji-picker.ts';
import safetyNumberDialog from './de/safety-number-dialog.ts';
import sharePicker from './de/share-picker.ts';
import inviteLink from './de/invite-link.ts';
import identityNotice from './de/identity-notice.ts';
import appRoot from './de/app-root.ts';
import fileMessages from './de/file-messages.ts';
import chatModel from './de/chat-model.ts';
import memoryFiles from './de/memory-files.ts';
import conversationTitle from './de/conversation-title.ts';
import refusalText from './de/refusal-text.ts';

export const templates = {
  ...joinScreen,
  ...fileCard,
  ...callPanel,
  ...incomingCall,
  ...callText,
  ...missedText,
  ...capabilities,
  ...chatApp,
  ...conversationView,
  ...messageLog,
  ...messageComposer,
  ...conversationList,
  ...format,
  ...emojiPicker,
  ...safetyNumberDialog,
  ...sharePicker,
  ...inviteLink,
  ...identityNotice,
  ...appRoot,
  ...fileMessages,
  ...chatModel,
  ...memoryFiles,
  ...conversationTitle,
  ...refusalText,
};
