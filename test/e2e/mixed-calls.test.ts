/**
 * Video calls between Chromium and Firefox, each ringing the other, and between two Firefoxes, with
 * fake cameras and microphones on both sides: rung, accepted, video playing, mute heard as silence,
 * camera off shown, hung up.
 */
import * as assert from 'uvu/assert';
import { PAIRINGS, type AppDriver } from '../../harness/app-driver.ts';
import { mixedSuite, pairNames } from '../helpers/mixed-suite.ts';

const { test, world } = mixedSuite('e2e: mixed browsers, calls');

PAIRINGS.forEach((pairing, index) => {
  const [from, to] = pairing;
  const [callerName, calleeName] = pairNames(index, pairing);
  /** The caller and the callee of this pairing, each in the other's private chat. */
  const callerAndCallee = async (): Promise<[AppDriver, AppDriver]> => {
    const caller = await world.person(from, callerName);
    const callee = await world.person(to, calleeName);
    await caller.open(calleeName);
    await callee.open(callerName);
    return [caller, callee];
  };

  test(`${from} rings ${to}: a video call rings, is accepted, and video plays on both sides`, async () => {
    const [caller, callee] = await callerAndCallee();
    await caller.ring('Video call');
    const dialog = await callee.ringing();
    assert.match(dialog, callerName);
    assert.match(dialog, /video call/i);
    await caller.waitForText('call', `Ringing ${calleeName}…`);
    await callee.answer('Accept');
    await caller.waitForText('call', /^In call · \d+:\d\d · direct$/, { timeout: 15_000 });
    await callee.waitForText('call', /^In call · \d+:\d\d · direct$/, { timeout: 15_000 });
    await caller.remoteVideoPlays();
    await callee.remoteVideoPlays();
  });

  test(`${from} and ${to}: mute is heard as silence and shown; camera off is shown; hang up ends the call on both sides`, async () => {
    const [caller, callee] = await callerAndCallee();
    assert.ok(await callee.hears('sound'), `${to} hears ${from} before the mute`);
    await caller.callButton('Mute');
    await callee.waitForText('call', `${callerName} is muted`);
    assert.ok(await callee.hears('silence'), `${to} hears silence from ${from}`);
    await caller.callButton('Unmute');
    await callee.waitForText('call', `${callerName} is muted`, { gone: true });
    assert.ok(await callee.hears('sound'), `${to} hears ${from} again`);

    await callee.callButton('Camera off');
    await caller.waitForText('call', `${calleeName}'s camera is off`);
    await callee.callButton('Camera on');
    await caller.waitForText('call', `${calleeName}'s camera is off`, { gone: true });
    await caller.remoteVideoPlays();

    await caller.callButton('Hang up');
    await caller.waitForText('call', 'You hung up');
    await callee.waitForText('call', `${callerName} hung up`);
    await world.leave(caller, callee);
  });
});

test.run();
