import type { LocationSettings } from '@tableside/shared';

/** The location form as typed: numbers as text, so a half-typed coordinate is not lost or rounded. */
export interface LocationDraft {
  policy: LocationSettings['policy'];
  latitude: string;
  longitude: string;
  radiusM: string;
  allowedCidrs: string[];
}

export function draftOf(settings: LocationSettings): LocationDraft {
  return {
    policy: settings.policy,
    latitude: settings.latitude === null ? '' : String(settings.latitude),
    longitude: settings.longitude === null ? '' : String(settings.longitude),
    radiusM: String(settings.radiusM),
    allowedCidrs: [...settings.allowedCidrs],
  };
}

const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text.trim().replace(',', '.')));

/** The draft as the API's settings, unchecked: the shared schema says what is wrong with it. */
export function settingsOf(draft: LocationDraft): LocationSettings {
  return {
    policy: draft.policy,
    latitude: numberOrNull(draft.latitude),
    longitude: numberOrNull(draft.longitude),
    radiusM: Number(draft.radiusM),
    allowedCidrs: draft.allowedCidrs,
  };
}
