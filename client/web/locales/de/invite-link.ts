export default {
  'invite-link.invite': 'Noch ist niemand sonst hier. Schick anderen diese Adresse, um zu chatten:',
  'invite-link.copy': 'Link kopieren',
  'invite-link.copied': 'Kopiert.',
};
