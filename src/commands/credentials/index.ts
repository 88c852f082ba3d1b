// Commands that create, change, delete, find and export federated credentials.
import type { CommandDefinition } from '../registry';
import { addCredentialCommand } from './addCredential';
import { copyCredentialAsCommands } from './copyCredentialAs';
import { createFederationAppCommand } from './createFederationApp';
import { deleteCredentialCommand } from './deleteCredential';
import { duplicateCredentialCommand } from './duplicateCredential';
import { editCredentialCommand } from './editCredential';
import { findTrustingAppsCommand } from './findTrustingApps';

export const credentialCommands: readonly CommandDefinition[] = [
  addCredentialCommand,
  createFederationAppCommand,
  editCredentialCommand,
  deleteCredentialCommand,
  duplicateCredentialCommand,
  findTrustingAppsCommand,
  ...copyCredentialAsCommands,
];
