/** WGS-84 coordinates and distances (visit check-ins measured against an account's location). */

/** Mean Earth radius in metres (IUGG), the usual constant for the haversine formula. */
export const EARTH_RADIUS_M = 6_371_008.8;

export const LATITUDE_RANGE = { min: -90, max: 90 } as const;
export const LONGITUDE_RANGE = { min: -180, max: 180 } as const;

export interface LatLng {
  latitude: number;
  longitude: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/**
 * Great-circle distance in metres by the haversine formula. On a sphere it is off from the
 * ellipsoid by at most ~0.5 %, far below a phone's GPS error at the distances that matter here.
 */
export function haversineMeters(a: LatLng, b: LatLng): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether a value is a usable latitude (finite, -90..90). */
export const isLatitude = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= LATITUDE_RANGE.min && v <= LATITUDE_RANGE.max;

/** Whether a value is a usable longitude (finite, -180..180). */
export const isLongitude = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= LONGITUDE_RANGE.min && v <= LONGITUDE_RANGE.max;

/** 31.230416, 121.473701 — six decimals (~0.1 m), the way the forms show coordinates. */
export function formatLatLng(p: LatLng | null | undefined): string {
  if (!p) return '—';
  return `${p.latitude.toFixed(6)}, ${p.longitude.toFixed(6)}`;
}
