/** A GPS fix as the browser's Geolocation API gives it. */
export interface GeoPoint {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine; well within a metre at restaurant scale). */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A fix less precise than this proves nothing about being inside a restaurant. */
export const GPS_MAX_ACCURACY_M = 150;
/** At most this much of a fix's uncertainty is added to the geofence in the diner's favour. */
export const GPS_ACCURACY_SLACK_CAP_M = 50;
