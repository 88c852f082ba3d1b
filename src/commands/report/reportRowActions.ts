// The buttons of a report row, run through the registry like any command: Reveal in Tree (the
// credential, app or identity node), Fix… (the Edit Credential wizard opened on its review with
// the fix filled in, or the Delete Credential confirmation), and Copy (the row as the panel
// shows it). A fix that went through runs the tenant's report again, so the row goes away only
// once Graph no longer holds the problem.
import * as vscode from 'vscode';
import type { FederationReport, NeverWorksRow, ReportCategory } from '../../core/federationReportTypes';
import { idOf, type ModelRef } from '../../model';
import { reportCategories } from '../../shared/reportProtocol';
import { ROW_ACTION_COMMANDS } from '../../views/report/reportCommandIds';
import { findRow, rowText, type RowsOf } from '../../core/reportColumns';
import { resolveCredential, revealRef, revealSelected } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { deleteCredentials } from '../credentials/deleteCredential';
import { editCredential } from '../credentials/editCredential';
import { defineCommand } from '../registry';
import { reportTenantRef, runFederationReport } from './federationReport';

/** What the panel passes after the tenant: which row of which table. */
export interface RowArg {
  category: ReportCategory;
  rowId: string;
}

function rowArg(value: unknown): RowArg | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { category, rowId } = value as Partial<RowArg>;
  return typeof rowId === 'string' && typeof category === 'string' && reportCategories.includes(category) ? { category, rowId } : undefined;
}

interface ResolvedRow<C extends ReportCategory = ReportCategory> {
  tenantId: string;
  report: FederationReport;
  category: C;
  row: RowsOf[C];
}

function resolveRow(context: CommandContext, tenantId: string | undefined, args: readonly unknown[]): ResolvedRow {
  const arg = rowArg(args[0]);
  if (!tenantId || !arg) throw new Error('Run this from a row of a federation report.');
  const report = context.views.reports.report(tenantId);
  if (!report) throw new Error('That federation report is no longer open; run Federation Report… again.');
  const row = findRow(report, arg.category, arg.rowId);
  if (!row) throw new Error('That row is no longer in the report; it was refreshed meanwhile.');
  return { tenantId, report, category: arg.category, row };
}

export const revealReportRowCommand = defineCommand(ROW_ACTION_COMMANDS.reveal, {
  target: reportTenantRef,
  run: async (context, { target, args }) => {
    const resolved = resolveRow(context, target?.tenantId, args);
    const ref = refOfRow(resolved);
    if (ref.kind === 'identity') await revealIdentity(context, ref);
    else await revealRef(context, ref, true);
    return idOf(ref);
  },
});

export const copyReportRowCommand = defineCommand(ROW_ACTION_COMMANDS.copy, {
  target: reportTenantRef,
  run: async (context, { target, args }) => {
    const { tenantId, category, row } = resolveRow(context, target?.tenantId, args);
    const text = rowText(category, row as never);
    await vscode.env.clipboard.writeText(text);
    context.views.reports.notify(tenantId, 'Row');
    return text;
  },
});

export const fixReportRowCommand = defineCommand(ROW_ACTION_COMMANDS.fix, {
  target: reportTenantRef,
  run: async (context, { target, args }) => {
    const resolved = resolveRow(context, target?.tenantId, args);
    if (resolved.category !== 'neverWorks') throw new Error('Only a credential that can never work has a fix.');
    const row = resolved.row as NeverWorksRow;
    if (!row.fix) throw new Error(`No automatic fix is known for "${row.credential.name}": ${row.message}`);
    const ref: ModelRef & { kind: 'credential' } = { kind: 'credential', tenantId: resolved.tenantId, objectId: row.app.objectId, name: row.credential.name };
    if (row.fix.action === 'edit') {
      // Nothing sent ("nothing changed"; Cancel throws): the report stays as it is.
      if ((await editCredential(context, ref, row.fix.changes)) === undefined) return undefined;
    } else {
      // Deleted, or already gone: either way the report is out of date.
      await deleteCredentials(context, [await resolveCredential(context, ref, 'Delete Credential')]);
    }
    return runFederationReport(context, resolved.tenantId);
  },
});

/** The tree node a row is about: the credential, the identity, or the app. */
function refOfRow({ tenantId, category, row }: ResolvedRow): ModelRef {
  switch (category) {
    case 'neverWorks': {
      const r = row as RowsOf['neverWorks'];
      return { kind: 'credential', tenantId, objectId: r.app.objectId, name: r.credential.name };
    }
    case 'trust':
      return { kind: 'identity', tenantId, identityId: (row as RowsOf['trust']).identity.id };
    case 'budget':
    case 'secrets':
      return { kind: 'app', tenantId, objectId: (row as RowsOf['budget' | 'secrets']).app.objectId };
  }
}

/** The Managed Identities view's node of an identity, its tenant drawn first. */
async function revealIdentity(context: CommandContext, ref: ModelRef & { kind: 'identity' }): Promise<void> {
  const { identities, identitiesView } = context.views;
  try {
    await identities.getChildren(undefined);
    const tenant = context.views.node(idOf({ kind: 'identities', tenantId: ref.tenantId }));
    if (tenant) await identities.getChildren(tenant);
    const node = context.views.node(idOf(ref));
    if (!node) throw new Error('the identity is not in the Managed Identities view');
    await revealSelected(identitiesView, node, true);
  } catch (e) {
    context.log.info(`Could not reveal ${idOf(ref)}: ${(e as Error).message}`);
  }
}

export const reportRowCommands = [revealReportRowCommand, fixReportRowCommand, copyReportRowCommand];
