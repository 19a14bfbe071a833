import { ref } from 'vue';
import { z } from 'zod';
import { readStored, writeStored } from '../../common/storage';

const STORED = 'admin:orderSound';
/** Two rising notes, short and soft: noticeable across a dining room, not alarming. */
const CHIME = [
  { hz: 880, at: 0, length: 0.16 },
  { hz: 1320, at: 0.18, length: 0.28 },
];

const enabled = ref(readStored(STORED, z.boolean()) ?? true);
let context: AudioContext | undefined;

function audio(): AudioContext | undefined {
  if (typeof AudioContext === 'undefined') return undefined;
  context ??= new AudioContext();
  // Browsers start audio suspended until the page has been touched; a later touch lets it play.
  if (context.state === 'suspended') void context.resume();
  return context;
}

/**
 * The chime for a new order, switchable and remembered on this tablet. It is
 * synthesized (no audio file to download), and unlocked by the first touch
 * on the page, since browsers refuse sound before one.
 */
export function useOrderSound() {
  function setEnabled(on: boolean): void {
    enabled.value = on;
    writeStored(STORED, on);
    if (on) play();
  }

  function play(): void {
    if (!enabled.value) return;
    const out = audio();
    if (!out) return;
    for (const note of CHIME) {
      const start = out.currentTime + note.at;
      const oscillator = out.createOscillator();
      const gain = out.createGain();
      oscillator.frequency.value = note.hz;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + note.length);
      oscillator.connect(gain).connect(out.destination);
      oscillator.start(start);
      oscillator.stop(start + note.length + 0.05);
    }
  }

  function unlockOnFirstTouch(): void {
    document.addEventListener('pointerdown', () => audio(), { once: true, capture: true });
  }

  return { enabled, setEnabled, play, unlockOnFirstTouch };
}
