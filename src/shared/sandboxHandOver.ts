// How `npm start` hands a running sandbox tenant to the extension: code-server's environment
// (which reaches the extension host) names a file holding the sandbox's JSON line. Shared by
// the start script (plain Node) and the extension, so this file never imports 'vscode'.
export const SANDBOX_FILE_VARIABLE = 'MI_FEDERATION_SANDBOX_FILE';
