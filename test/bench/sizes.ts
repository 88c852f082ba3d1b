// What a user downloads and what VS Code loads: the .vsix and each production bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function packageSizes(root: string): { vsixBytes: number; bundleBytes: Record<string, number> } {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(root, `${name}-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run "npm run package" first (npm run bench does).`);
  const dist = path.join(root, 'dist');
  const bundleBytes: Record<string, number> = {};
  for (const file of fs.readdirSync(dist).filter((f) => f.endsWith('.js')).sort()) {
    bundleBytes[file.replace(/\.js$/, '')] = fs.statSync(path.join(dist, file)).size;
  }
  return { vsixBytes: fs.statSync(vsix).size, bundleBytes };
}
