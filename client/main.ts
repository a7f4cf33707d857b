import './node-globals.ts';
import './components/chat-app.ts';
import { prepareLinkify } from './ui/linkify.ts';

prepareLinkify();
