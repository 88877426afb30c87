// Runs a composite action's `run:` steps the way GitHub's runner does: the expressions it uses
// (`inputs.*`, `github.*`, `steps.*.outputs.*`, `always()`, `==`, `!=`, `&&`) evaluated, the
// environment GitHub gives a step (GITHUB_WORKSPACE, GITHUB_ACTION_PATH, GITHUB_OUTPUT, INPUT_*),
// bash with `-eo pipefail`. A `uses:` step cannot run here; it is reported with its resolved
// `with:` so a test can check what it would have been given.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

export interface Action {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs?: Record<string, { description?: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepOutcome {
  name: string;
  status: 'success' | 'failure' | 'skipped' | 'not-run-here';
  uses?: string;
  with?: Record<string, string>;
  stdout: string;
  stderr: string;
  exitCode?: number;
}

export interface ActionRun {
  status: 'success' | 'failure';
  steps: StepOutcome[];
  outputs: Record<string, string>;
}

export function readAction(actionPath: string): Action {
  return parse(fs.readFileSync(path.join(actionPath, 'action.yml'), 'utf8')) as Action;
}

interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
  failed: boolean;
}

/** Evaluates one expression of the small part of GitHub's language that actions use. */
function evaluate(expr: string, ctx: Context): string | boolean {
  const tokens = expr.match(/'(?:[^']|'')*'|[A-Za-z_][\w.-]*(?:\(\))?|==|!=|&&|\S/g) ?? [];
  const value = (token: string): string | boolean => {
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (token === 'always()') return true;
    if (token === 'success()') return !ctx.failed;
    if (token === 'failure()') return ctx.failed;
    if (token === 'true' || token === 'false') return token === 'true';
    const [scope, ...rest] = token.split('.');
    if (scope === 'inputs') return ctx.inputs[rest.join('.')] ?? '';
    if (scope === 'github') return ctx.github[rest.join('.')] ?? '';
    if (scope === 'steps' && rest[1] === 'outputs') return ctx.steps[rest[0]]?.outputs[rest.slice(2).join('.')] ?? '';
    throw new Error(`unsupported expression '${token}' in '${expr}'`);
  };
  // `a && b && …`, each term a value or a comparison of two values.
  const terms: (string | boolean)[] = [];
  for (let i = 0; i < tokens.length; ) {
    let left = value(tokens[i++]);
    if (tokens[i] === '==' || tokens[i] === '!=') {
      const op = tokens[i++];
      const right = value(tokens[i++]);
      left = op === '==' ? String(left) === String(right) : String(left) !== String(right);
    }
    terms.push(left);
    if (i < tokens.length && tokens[i++] !== '&&') throw new Error(`unsupported operator in '${expr}'`);
  }
  if (terms.length === 1) return terms[0];
  return terms.every((t) => t !== false && t !== '');
}

/** `${{ … }}` spliced into a string. */
function interpolate(text: string, ctx: Context): string {
  return text.replace(/\$\{\{([^}]*)\}\}/g, (_, expr: string) => String(evaluate(expr.trim(), ctx)));
}

function condition(text: string | undefined, ctx: Context): boolean {
  if (text === undefined) return !ctx.failed;
  const expr = text.trim().replace(/^\$\{\{([^}]*)\}\}$/, '$1').trim();
  const result = evaluate(expr, ctx);
  // A condition without a status function implies success().
  const statusFunction = /\b(?:always|success|failure|cancelled)\(\)/.test(expr);
  return (statusFunction || !ctx.failed) && result !== false && result !== '';
}

function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

/** Runs the action at `actionPath` against `workspace` with the given `with:` values. */
export function runAction(actionPath: string, workspace: string, withValues: Record<string, string>, scratch: string): ActionRun {
  const action = readAction(actionPath);
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = withValues[name] ?? input.default ?? '';
  const ctx: Context = { inputs, github: { workspace, action_path: actionPath }, steps: {}, failed: false };
  // The runner gives each input as INPUT_<NAME>, upper-cased, spaces as underscores.
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]));
  const steps: StepOutcome[] = [];
  action.runs.steps.forEach((step, n) => {
    const name = step.name ?? step.id ?? `step ${n + 1}`;
    if (!condition(step.if, ctx)) {
      steps.push({ name, status: 'skipped', stdout: '', stderr: '' });
      return;
    }
    if (step.uses) {
      const resolved = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      steps.push({ name, status: 'not-run-here', uses: step.uses, with: resolved, stdout: '', stderr: '' });
      return;
    }
    if (step.shell !== 'bash') throw new Error(`${name}: only bash steps run here, not ${step.shell}`);
    const outputFile = path.join(scratch, `output-${n}`);
    const script = path.join(scratch, `step-${n}.sh`);
    fs.writeFileSync(outputFile, '');
    fs.writeFileSync(script, interpolate(step.run ?? '', ctx));
    const env = {
      ...process.env,
      ...inputEnv,
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)])),
    };
    const cwd = step['working-directory'] ? interpolate(step['working-directory'], ctx) : workspace;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8', timeout: 300_000 });
    const status = r.status === 0 ? 'success' : 'failure';
    if (step.id) ctx.steps[step.id] = { outputs: readOutputs(outputFile) };
    if (status === 'failure') ctx.failed = true;
    steps.push({ name, status, stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? undefined });
  });
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([k, o]) => [k, interpolate(o.value, ctx)]));
  return { status: ctx.failed ? 'failure' : 'success', steps, outputs };
}
