import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { parseUsername } from '../../common/username.ts';
import { HONEST_NAMES, LOOKALIKES, type Lookalike } from '../helpers/lookalike-names.ts';

const hex = (text: string) => [...text].map((c) => `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

/** How an attack fares: refused, or accepted under the key of the name it imitates, or let through. */
function outcome(attack: Lookalike): 'refused' | 'collides' | 'let through' {
  const parsed = parseUsername(attack.name);
  if (!parsed.ok) {
    assert.is(parsed.error.code, 'username-invalid', `${attack.how}: refused with the wrong code`);
    return 'refused';
  }
  if (attack.imitates === null) return 'let through';
  const original = parseUsername(attack.imitates);
  assert.ok(original.ok, `${attack.how}: the imitated name "${attack.imitates}" must itself be valid`);
  return original.ok && original.name.key === parsed.name.key ? 'collides' : 'let through';
}

test(`every one of ${LOOKALIKES.length} attack names is refused or shares the key of the name it imitates`, () => {
  assert.ok(LOOKALIKES.length >= 50);
  const through = LOOKALIKES.filter((attack) => outcome(attack) === 'let through');
  console.log(`  attack names let through: ${through.length} of ${LOOKALIKES.length}`);
  assert.equal(
    through.map((attack) => `${attack.how}: ${JSON.stringify(attack.name)} (${hex(attack.name)})`),
    [],
  );
});

test('the issue\'s examples: invisible fillers are refused, EmiI/rnilo/pauꓲ collide with Emil/milo/paul', () => {
  for (const name of ['alice\u3164', 'al\u17B4ice', '\u115F']) {
    const parsed = parseUsername(name);
    assert.not.ok(parsed.ok, `${hex(name)} must be refused`);
    if (!parsed.ok) assert.match(parsed.error.message, /invisible/);
  }
  for (const [impostor, original] of [['EmiI', 'Emil'], ['rnilo', 'milo'], ['pau\uA4F2', 'paul']] as const) {
    const a = parseUsername(impostor);
    const b = parseUsername(original);
    assert.ok(b.ok);
    assert.ok(!a.ok || (b.ok && a.name.key === b.name.key), `${impostor} must be refused or be ${original}`);
  }
});

test('a name that mixes Latin with Cyrillic or Greek letters is refused, saying which scripts', () => {
  for (const name of ['bob\u0416', 'ali\u03BBce']) {
    const parsed = parseUsername(name);
    assert.not.ok(parsed.ok, name);
    if (!parsed.ok) assert.match(parsed.error.message, /mixes Latin and (Cyrillic|Greek) letters/);
  }
});

test(`${HONEST_NAMES.length} honest names in many scripts are accepted, and no two share a key`, () => {
  const owners = new Map<string, string>();
  for (const name of HONEST_NAMES) {
    const parsed = parseUsername(name);
    assert.ok(parsed.ok, `"${name}" must be accepted${parsed.ok ? '' : `: ${parsed.error.message}`}`);
    if (!parsed.ok) continue;
    const owner = owners.get(parsed.name.key);
    assert.not.ok(owner, `"${name}" and "${owner}" must not share a key`);
    owners.set(parsed.name.key, name);
  }
});

test.run();
