// The one webview bundle (dist/webview.js, runs in the browser) for both of the extension's
// pages: the token inspector and the federation report share the UI toolkit, which is bundled
// once. The page shell names its page in <body data-page>; the script runs that page alone.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { startInspector, type VsCodeApi as InspectorApi } from './inspectorPage';
import { startReport, type VsCodeApi as ReportApi } from './report/reportPage';

declare function acquireVsCodeApi(): InspectorApi & ReportApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
if (document.body.dataset.page === 'report') startReport(vscode, root);
else startInspector(vscode, root);
