// The injection grammar colours CaseMark directives in Markdown prose, never in code. It is
// loaded with vscode-textmate and vscode-oniguruma (what VS Code itself uses) into a stub
// Markdown grammar that knows only fenced code and code spans.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import oniguruma from 'vscode-oniguruma';
import textmate from 'vscode-textmate';

const require = createRequire(import.meta.url);
const INJECTION = 'casemark.markdown.injection';

const markdownStub = {
  scopeName: 'text.html.markdown',
  patterns: [
    { name: 'markup.fenced_code.block.markdown', begin: '^```.*$', end: '^```\\s*$' },
    { name: 'markup.inline.raw.string.markdown', match: '`[^`]*`' },
  ],
};

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = await readFile(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const injection = await readFile(new URL('../../syntaxes/casemark.injection.tmLanguage.json', import.meta.url), 'utf8');
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName === 'text.html.markdown') return textmate.parseRawGrammar(JSON.stringify(markdownStub), 'markdown.json');
      if (scopeName === INJECTION) return textmate.parseRawGrammar(injection, 'casemark.injection.tmLanguage.json');
      return null;
    },
    getInjections: (scopeName: string) => (scopeName === 'text.html.markdown' ? [INJECTION] : undefined),
  });
  const grammar = await registry.loadGrammar('text.html.markdown');
  assert.ok(grammar, 'the Markdown stub grammar loads');
  return grammar;
}

const grammarPromise = loadGrammar();

interface Tok {
  text: string;
  scopes: string[];
}

async function tokenize(source: string): Promise<Tok[][]> {
  const grammar = await grammarPromise;
  let state = textmate.INITIAL;
  return source.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** Scopes of the first token whose text is exactly `text`. */
function scopesOf(lines: Tok[][], text: string): string[] {
  const tok = lines.flat().find((t) => t.text === text);
  assert.ok(tok, `a token "${text}" in ${JSON.stringify(lines.flat().map((t) => t.text))}`);
  return tok.scopes;
}

const has = (scopes: string[], scope: string): boolean => scopes.some((s) => s.split(' ').includes(scope) || s === scope);

test('a drug directive: name, brackets, label and attributes get their scopes', async () => {
  const lines = await tokenize('On day 0 she received :drug[MB-CART19.1]{role=therapy} at once.');
  assert.ok(has(scopesOf(lines, 'drug'), 'entity.name.function.casemark.drug'));
  assert.ok(has(scopesOf(lines, ':'), 'punctuation.definition.directive.casemark'));
  assert.ok(has(scopesOf(lines, '['), 'punctuation.definition.label.begin.casemark'));
  assert.ok(has(scopesOf(lines, 'MB-CART19.1'), 'string.other.casemark.drug'));
  assert.ok(has(scopesOf(lines, ']'), 'punctuation.definition.label.end.casemark'));
  assert.ok(has(scopesOf(lines, 'role'), 'entity.other.attribute-name.casemark'));
  assert.ok(has(scopesOf(lines, 'therapy'), 'string.unquoted.casemark'));
  assert.deepEqual(scopesOf(lines, 'On day 0 she received '), ['text.html.markdown']);
});

test('each kind gets its own scope, and #id, quoted values and from= are scoped', async () => {
  const lines = await tokenize(':dose[1800 mg]{route=sc} :day[month 20]{#bcma} :lab[CK 2,400 U/L]{uln=170} :day[3]{from=bcma} :lab[x]{test="anti-Jo-1 titer"}');
  assert.ok(has(scopesOf(lines, '1800 mg'), 'string.other.casemark.dose'));
  assert.ok(has(scopesOf(lines, 'dose'), 'entity.name.function.casemark.dose'));
  assert.ok(has(scopesOf(lines, 'month 20'), 'string.other.casemark.day'));
  assert.ok(has(scopesOf(lines, 'CK 2,400 U/L'), 'string.other.casemark.lab'));
  assert.ok(has(scopesOf(lines, 'bcma'), 'entity.name.tag.id.casemark'));
  assert.ok(has(scopesOf(lines, '170'), 'string.unquoted.casemark'));
  assert.ok(has(scopesOf(lines, 'from'), 'entity.other.attribute-name.casemark'));
  assert.ok(has(scopesOf(lines, 'anti-Jo-1 titer'), 'string.quoted.double.casemark'));
});

test('a ::case line: directive name, title, id and attributes', async () => {
  const lines = await tokenize('::case[Jo-1 anti-synthetase syndrome]{#mueller-2025-p1 age=45 sex=F dx="anti-Jo-1 ASyS"}');
  assert.ok(has(scopesOf(lines, 'case'), 'entity.name.function.casemark.case'));
  assert.ok(has(scopesOf(lines, '::'), 'punctuation.definition.directive.casemark'));
  assert.ok(has(scopesOf(lines, 'Jo-1 anti-synthetase syndrome'), 'entity.name.section.casemark'));
  assert.ok(has(scopesOf(lines, 'mueller-2025-p1'), 'entity.name.tag.id.casemark'));
  assert.ok(has(scopesOf(lines, 'age'), 'entity.other.attribute-name.casemark'));
  assert.ok(has(scopesOf(lines, '45'), 'string.unquoted.casemark'));
  assert.ok(has(scopesOf(lines, 'anti-Jo-1 ASyS'), 'string.quoted.double.casemark'));
});

test('::case inside a sentence is not a case line', async () => {
  const lines = await tokenize('See ::case[x]{#y} here.');
  assert.ok(!lines.flat().some((t) => has(t.scopes, 'entity.name.function.casemark.case')));
});

test('a label with nested brackets ends at its own closing bracket', async () => {
  const lines = await tokenize(':drug[CD19 [CAR] T cells] then text');
  assert.ok(has(scopesOf(lines, 'CD19 [CAR] T cells'), 'string.other.casemark.drug'));
  assert.deepEqual(scopesOf(lines, ' then text'), ['text.html.markdown']);
});

test('no directive inside a code span or a fenced code block', async () => {
  const lines = await tokenize(['Write `:drug[X]` like this.', '```markdown', ':drug[daratumumab]{role=bridging}', '::case[T]{#t}', '```', 'After :drug[Y].'].join('\n'));
  const inCode = lines.slice(0, 5).flat();
  assert.ok(!inCode.some((t) => t.scopes.some((s) => s.includes('casemark'))), 'nothing in code is CaseMark');
  assert.ok(has(scopesOf(lines, 'Y'), 'string.other.casemark.drug'), 'prose after the fence is coloured again');
});

test('other directives and near misses are left alone', async () => {
  const lines = await tokenize('A :note[aside] and :durg[X] and a url http://x:drug[y] and time 10:30.');
  assert.ok(!lines.flat().some((t) => t.scopes.some((s) => s.includes('casemark'))));
});
