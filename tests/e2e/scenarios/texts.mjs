// Texts the scenarios wait for. The Playground sends an install as two activities at once: installationUpdate
// (locale en-US) and conversationUpdate (no locale). Whichever the bot handles first sends the single welcome,
// so the welcome may come in English or, for the activity without a locale, in German (the bot's default).
export const WELCOME_PERSON = /What I don't do|Was ich nicht tue/;
export const WELCOME_TEAM = /Hello everyone|Hallo zusammen/;
export const SHOW_COMMANDS = /^(Show commands|Befehle anzeigen)$/;
