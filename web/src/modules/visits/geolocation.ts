/** The browser's position for a check-in, and why it could not be had (an i18n key). */
export interface Position {
  latitude: number;
  longitude: number;
  /** Metres (the radius the browser is confident about). */
  accuracy: number | null;
}

export type GeoFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported' | 'insecure';

export class GeoError extends Error {
  constructor(readonly reason: GeoFailure) {
    super(reason);
    this.name = 'GeoError';
  }
}

/**
 * One fresh, high-accuracy reading (no cached position: a check-in must say where the rep is now).
 * Rejects with a GeoError whose `reason` the screen explains.
 */
export function currentPosition(timeoutMs = 20_000): Promise<Position> {
  if (typeof window !== 'undefined' && window.isSecureContext === false)
    return Promise.reject(new GeoError('insecure'));
  if (typeof navigator === 'undefined' || !navigator.geolocation)
    return Promise.reject(new GeoError('unsupported'));
  return new Promise((resolve, reject) => {
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          latitude: p.coords.latitude,
          longitude: p.coords.longitude,
          accuracy: Number.isFinite(p.coords.accuracy) ? Math.round(p.coords.accuracy) : null,
        }),
      (err) =>
        reject(
          new GeoError(
            err.code === err.PERMISSION_DENIED
              ? 'denied'
              : err.code === err.TIMEOUT
                ? 'timeout'
                : 'unavailable',
          ),
        ),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 0 },
    );
  });
}
