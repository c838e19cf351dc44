import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from './paths';

export function appVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(appRoot(), 'package.json'), 'utf8')).version as string;
}
