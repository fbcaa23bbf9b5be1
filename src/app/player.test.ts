import { describe, expect, it } from 'vitest';
import { createPlayer, type PlayableElement } from './player';

/** Stands in for an `<audio>`: records seeks and plays; events are fired by the test. */
class FakeAudio extends EventTarget implements PlayableElement {
  readyState = 0;
  currentTime = 0;
  played: number[] = [];
  refusePlay = false;
  play(): Promise<void> {
    if (this.refusePlay) return Promise.reject(new DOMException('denied', 'NotAllowedError'));
    this.played.push(this.currentTime);
    return Promise.resolve();
  }
  loaded(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('loadedmetadata'));
  }
}

function readyPlayer(audio = new FakeAudio()) {
  const player = createPlayer();
  player.attach(audio);
  player.setRefusal(null);
  return { player, audio };
}

describe('player', () => {
  it('seeks to the segment start and plays', async () => {
    const { player, audio } = readyPlayer();
    audio.readyState = 4;
    expect(await player.playFrom(83_500)).toBe('playing');
    expect(audio.played).toEqual([83.5]);
  });

  it('says why it cannot play: nothing attached, capturing, failed', async () => {
    const player = createPlayer();
    expect(await player.playFrom(0)).toBe('no-audio');
    player.attach(new FakeAudio());
    player.setRefusal('capturing');
    expect(await player.playFrom(0)).toBe('capturing');
  });

  it('waits for the audio being prepared, then plays from the asked time', async () => {
    const { player, audio } = readyPlayer();
    const outcome = player.playFrom(2_000);
    await Promise.resolve();
    expect(audio.played).toEqual([]);
    audio.loaded();
    expect(await outcome).toBe('playing');
    expect(audio.played).toEqual([2]);
  });

  it('ends a wait when recording resumes or the audio fails, instead of hanging', async () => {
    const { player } = readyPlayer();
    const whileRecording = player.playFrom(1_000);
    player.setRefusal('capturing');
    expect(await whileRecording).toBe('capturing');

    const other = readyPlayer();
    const broken = other.player.playFrom(1_000);
    other.audio.dispatchEvent(new Event('error'));
    expect(await broken).toBe('failed');

    const gone = readyPlayer();
    const unmounted = gone.player.playFrom(1_000);
    gone.player.attach(null);
    expect(await unmounted).toBe('no-audio');
  });

  it('reports a refused play() as failed', async () => {
    const { player, audio } = readyPlayer();
    audio.readyState = 4;
    audio.refusePlay = true;
    expect(await player.playFrom(0)).toBe('failed');
  });
});
