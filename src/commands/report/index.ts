// Federation Report… and what its panel's buttons run: row actions and Export….
import type { CommandDefinition } from '../registry';
import { exportFederationReportCommand } from './exportReport';
import { federationReportCommand } from './federationReport';
import { reportRowCommands } from './reportRowActions';

export const reportCommands: readonly CommandDefinition[] = [federationReportCommand, exportFederationReportCommand, ...reportRowCommands];
