// The commands the report panel's buttons run. The panel executes them through VS Code, so each
// click goes through the command registry like any other call: a fresh context, prompts,
// progress with Cancel, telemetry, one clear error.
import type { RowAction } from '../../shared/reportProtocol';

export const REPORT_COMMAND = 'miFederation.federationReport';
export const EXPORT_REPORT_COMMAND = 'miFederation.exportFederationReport';
/** Another feature's command; a secrets row offers it only when it is installed. */
export const GO_SECRETLESS_COMMAND = 'miFederation.goSecretless';

export const ROW_ACTION_COMMANDS: Record<Exclude<RowAction, 'goSecretless'>, string> = {
  reveal: 'miFederation.revealReportRow',
  fix: 'miFederation.fixReportRow',
  copy: 'miFederation.copyReportRow',
};
