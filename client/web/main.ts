import './zod-without-eval.ts';
import './simple-peer-shim.ts';
import './components/chat-app.ts';
import { prepareLinkify } from './ui/linkify.ts';

prepareLinkify();
