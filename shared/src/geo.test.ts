import { describe, expect, it } from 'vitest';
import { formatLatLng, haversineMeters, isLatitude, isLongitude } from './geo.js';

describe('haversineMeters', () => {
  it('is zero for the same point and symmetric', () => {
    const p = { latitude: 31.2304, longitude: 121.4737 };
    expect(haversineMeters(p, p)).toBe(0);
    const q = { latitude: 30.2741, longitude: 120.1551 };
    expect(haversineMeters(p, q)).toBeCloseTo(haversineMeters(q, p), 6);
  });

  it('matches known distances between cities', () => {
    // People's Square, Shanghai -> West Lake, Hangzhou: ~164 km as the crow flies
    const shanghai = { latitude: 31.2304, longitude: 121.4737 };
    const hangzhou = { latitude: 30.2741, longitude: 120.1551 };
    expect(haversineMeters(shanghai, hangzhou) / 1000).toBeCloseTo(164.5, 0);
    // Beijing (Tiananmen) -> Shanghai (People's Square): ~1067 km
    const beijing = { latitude: 39.9042, longitude: 116.4074 };
    expect(Math.round(haversineMeters(beijing, shanghai) / 1000)).toBe(1067);
    // London -> Paris, the textbook example: ~343.5 km
    expect(
      haversineMeters({ latitude: 51.5074, longitude: -0.1278 }, { latitude: 48.8566, longitude: 2.3522 }) /
        1000,
    ).toBeCloseTo(343.5, 0);
  });

  it('measures short distances in metres: 0.001° of latitude is ~111 m', () => {
    const a = { latitude: 31.2, longitude: 121.4 };
    expect(haversineMeters(a, { latitude: 31.201, longitude: 121.4 })).toBeCloseTo(111.2, 0);
    // a degree of longitude shrinks with the cosine of the latitude
    expect(haversineMeters(a, { latitude: 31.2, longitude: 121.401 })).toBeCloseTo(95.1, 0);
  });

  it('handles the antimeridian and the poles', () => {
    const west = { latitude: 0, longitude: 179.9995 };
    const east = { latitude: 0, longitude: -179.9995 };
    expect(haversineMeters(west, east)).toBeCloseTo(111.2, 0);
    // half the circumference, pole to pole
    expect(
      haversineMeters({ latitude: 90, longitude: 0 }, { latitude: -90, longitude: 0 }) / 1000,
    ).toBeCloseTo(20015.1, 0);
  });
});

describe('coordinate checks', () => {
  it('accept the ranges and refuse the rest', () => {
    expect(isLatitude(90)).toBe(true);
    expect(isLatitude(-90)).toBe(true);
    expect(isLatitude(90.0001)).toBe(false);
    expect(isLatitude(Number.NaN)).toBe(false);
    expect(isLongitude(-180)).toBe(true);
    expect(isLongitude(180.5)).toBe(false);
    expect(isLongitude('121')).toBe(false);
  });

  it('format six decimals', () => {
    expect(formatLatLng({ latitude: 31.2304161, longitude: 121.4737 })).toBe('31.230416, 121.473700');
    expect(formatLatLng(null)).toBe('—');
  });
});
