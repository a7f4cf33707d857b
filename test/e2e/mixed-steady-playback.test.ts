/**
 * A running video call plays on without restarting when Firefox is on either side or both, as
 * `steady-playback.test.ts` checks between two Chromiums: each side's remote video and camera
 * preview are watched for 3 s, sampled every 100 ms, while the call timer ticks (the panel renders
 * again every second).
 */
import { PAIRINGS } from '../../harness/app-driver.ts';
import { assertPlaysSteadily, STEADY_WATCH } from '../helpers/calls.ts';
import { mixedSuite, pairNames } from '../helpers/mixed-suite.ts';

const { test, world } = mixedSuite('e2e: mixed browsers, steady playback');

PAIRINGS.forEach((pairing, index) => {
  const [from, to] = pairing;
  const [callerName, calleeName] = pairNames(index, pairing);

  test(`${from} rings ${to}: for 3 s of the video call, on both sides the remote video and the camera preview never go back in time, never fall below HAVE_CURRENT_DATA and never reload`, async () => {
    const caller = await world.person(from, callerName);
    const callee = await world.person(to, calleeName);
    await caller.open(calleeName);
    await callee.open(callerName);
    await caller.ring('Video call');
    await callee.ringing();
    await callee.answer('Accept');
    for (const side of [caller, callee]) await side.waitForText('call', /^In call · \d+:\d\d · direct$/, { timeout: 15_000 });
    await caller.remoteVideoPlays();
    await callee.remoteVideoPlays();

    const [callerRemote, callerLocal, calleeRemote, calleeLocal] = await Promise.all([
      caller.playback('Remote video', STEADY_WATCH),
      caller.playback('Your camera', STEADY_WATCH),
      callee.playback('Remote video', STEADY_WATCH),
      callee.playback('Your camera', STEADY_WATCH),
    ]);
    assertPlaysSteadily(callerRemote, `${calleeName}'s video at ${callerName}'s`);
    assertPlaysSteadily(calleeRemote, `${callerName}'s video at ${calleeName}'s`);
    assertPlaysSteadily(callerLocal, `${callerName}'s camera preview`);
    assertPlaysSteadily(calleeLocal, `${calleeName}'s camera preview`);

    await caller.callButton('Hang up');
    await callee.waitForText('call', `${callerName} hung up`);
    await world.leave(caller, callee);
  });
});

test.run();
