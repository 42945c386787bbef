import { buildApp, runApp } from './run-app.mjs';

// `npm start`: build, then run Skyhook in Electron, or, where the Electron binary could
// not be installed, the same app in a browser through the bridge.
buildApp();
runApp();
