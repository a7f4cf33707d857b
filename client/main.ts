import './node-globals.ts';
import './components/chat-app.ts';
