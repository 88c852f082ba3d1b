// Commands that create, change, delete, find and export federated credentials.
import type { CommandHandler } from '../registry';
import { addCredential } from './addCredential';
import { copyCredentialAs, copyCredentialAsAz, copyCredentialAsBicep, copyCredentialAsCSharp, copyCredentialAsTypeScript } from './copyCredentialAs';
import { createFederationApp } from './createFederationApp';
import { deleteCredential } from './deleteCredential';
import { duplicateCredential } from './duplicateCredential';
import { editCredential } from './editCredential';
import { findTrustingApps } from './findTrustingApps';

export const credentialCommands: Record<string, CommandHandler> = {
  'miFederation.addCredential': addCredential,
  'miFederation.createFederationApp': createFederationApp,
  'miFederation.editCredential': editCredential,
  'miFederation.deleteCredential': deleteCredential,
  'miFederation.duplicateCredential': duplicateCredential,
  'miFederation.findTrustingApps': findTrustingApps,
  'miFederation.copyCredentialAs': copyCredentialAs as CommandHandler,
  'miFederation.copyCredentialAsAz': copyCredentialAsAz,
  'miFederation.copyCredentialAsBicep': copyCredentialAsBicep,
  'miFederation.copyCredentialAsCSharp': copyCredentialAsCSharp,
  'miFederation.copyCredentialAsTypeScript': copyCredentialAsTypeScript,
};
