// The harness's command line: `node out/test/harness/cli.js <layer> [--code-server <version>]`.
// npm scripts call it after building what the layer needs (see package.json "scripts").
import { runConformanceLayer } from './conformanceLayer';
import { runExtensionHostLayer } from './extensionHostLayer';
import { runUiLayer } from '../ui/runUiLayer';
import { runUnitLayer } from './unitLayer';

const USAGE = 'usage: node out/test/harness/cli.js unit | conformance | exthost | ui [--code-server <version>|latest]';

async function main(argv: string[]): Promise<void> {
  const [layer, ...rest] = argv;
  const versionFlag = rest.indexOf('--code-server');
  const version = versionFlag >= 0 ? rest[versionFlag + 1] : undefined;
  switch (layer) {
    case 'unit':
      return runUnitLayer();
    case 'conformance':
      return runConformanceLayer();
    case 'exthost':
      return runExtensionHostLayer(version);
    case 'ui':
      return runUiLayer(version);
    default:
      console.error(USAGE);
      process.exit(2);
  }
}

void main(process.argv.slice(2));
