import t from 'tap';
import { ControllableClock } from '../src/clock.js';

t.test('the clock runs, freezes, advances and resumes', async (t) => {
  let real = 1_000;
  const clock = new ControllableClock(() => real);
  t.equal(clock.now(), 1_000, 'real time by default');
  clock.advance(500);
  real = 2_000;
  t.equal(clock.now(), 2_500, 'advancing a running clock keeps it running');
  clock.freeze(10_000);
  real = 3_000;
  t.equal(clock.now(), 10_000, 'frozen');
  clock.advance(60_000);
  t.equal(clock.now(), 70_000, 'advanced while frozen');
  clock.resume();
  t.equal(clock.now(), 70_000, 'resumes from where it stood');
  real = 3_100;
  t.equal(clock.now(), 70_100);
  t.same(clock.state(), { now: 70_100, frozen: false, offsetMs: 67_000 });
});
