// Commands that create, change, delete, find and export federated credentials.
import type { CommandHandler } from '../registry';

export const credentialCommands: Record<string, CommandHandler> = {};
