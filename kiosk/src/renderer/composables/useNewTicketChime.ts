import { watch, type Ref } from 'vue';
import type { TicketView } from '../../core/kioskApi.js';

/** Two short rising tones, made on the spot: no sound file to ship, nothing for the CSP to allow. */
function chime(audio: AudioContext): void {
  const start = audio.currentTime;
  [880, 1320].forEach((frequency, index) => {
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = frequency;
    volume.gain.setValueAtTime(0.0001, start + index * 0.18);
    volume.gain.exponentialRampToValueAtTime(0.4, start + index * 0.18 + 0.02);
    volume.gain.exponentialRampToValueAtTime(0.0001, start + index * 0.18 + 0.3);
    tone.connect(volume).connect(audio.destination);
    tone.start(start + index * 0.18);
    tone.stop(start + index * 0.18 + 0.32);
  });
}

/** Chimes when a ticket appears that the screen had not shown before (not for the ones there at start). */
export function useNewTicketChime(tickets: Ref<TicketView[] | undefined>, enabled: Ref<boolean>) {
  let known: Set<string> | undefined;
  let audio: AudioContext | undefined;
  watch(tickets, (now) => {
    if (!now) return;
    const ids = new Set(now.map((ticket) => ticket.orderId));
    const arrived = known !== undefined && [...ids].some((id) => !known!.has(id));
    known = new Set([...(known ?? []), ...ids]);
    if (arrived && enabled.value) {
      audio ??= new AudioContext();
      chime(audio);
    }
  });
}
