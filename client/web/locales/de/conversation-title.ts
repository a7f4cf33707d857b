export default {
  'conversation-title.everyone': 'Alle',
};
