// Go Secretless: an app's client secrets and certificates replaced by a managed identity.
import type { CommandDefinition } from '../registry';
import { goSecretlessCommand } from './goSecretless';

export const secretlessCommands: readonly CommandDefinition[] = [goSecretlessCommand];
