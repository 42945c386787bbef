/*
 * Loaded with `electron -r <this file> <app>` before the app's own code (the built app
 * only: a packaged app loads no -r modules). The app asks about storing secrets without a
 * keyring before it opens any window, in a native message box no page can see or click,
 * so this records every message box it shows and answers with its first button.
 */
/* global require */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dialog } = require('electron');

const shown = [];
globalThis.__skyhookMessageBoxes = shown;

// showMessageBox(options) or showMessageBox(window, options)
dialog.showMessageBox = async (...args) => {
  const options = args[args.length - 1];
  shown.push({ message: options.message, buttons: options.buttons ?? [] });
  return { response: 0, checkboxChecked: false };
};
