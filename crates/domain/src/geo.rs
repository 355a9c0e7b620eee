//! Coordinates, distances and walking time.
//!
//! Walking time is defined product-wide as the straight-line (great-circle)
//! distance multiplied by a detour factor of 1.3, walked at 4.5 km/h. Pages
//! state this rule next to every walking-time filter.

use serde::{Deserialize, Serialize};

/// Mean Earth radius in metres (IUGG).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;
/// Streets are not straight lines: straight-line distance is multiplied by this.
pub const DETOUR_FACTOR: f64 = 1.3;
/// Walking speed in km/h.
pub const WALKING_SPEED_KMH: f64 = 4.5;
/// Largest walking time a query may ask for, in minutes.
pub const MAX_WALK_MINUTES: u32 = 240;

/// A WGS84 position. Constructed only through [`Coordinates::new`], so a
/// value of this type always holds a finite latitude in [-90, 90] and a
/// finite longitude in [-180, 180].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawCoordinates")]
pub struct Coordinates {
    lat: f64,
    lon: f64,
}

/// Coordinates as read, before [`Coordinates::new`] checks them.
#[derive(Deserialize)]
struct RawCoordinates {
    lat: f64,
    lon: f64,
}

impl TryFrom<RawCoordinates> for Coordinates {
    type Error = CoordinatesError;
    fn try_from(r: RawCoordinates) -> Result<Self, CoordinatesError> {
        Coordinates::new(r.lat, r.lon)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CoordinatesError {
    #[error("latitude out of range")]
    Latitude,
    #[error("longitude out of range")]
    Longitude,
}

impl Coordinates {
    pub fn new(lat: f64, lon: f64) -> Result<Self, CoordinatesError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(CoordinatesError::Latitude);
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(CoordinatesError::Longitude);
        }
        Ok(Self { lat, lon })
    }

    pub fn lat(&self) -> f64 {
        self.lat
    }

    pub fn lon(&self) -> f64 {
        self.lon
    }

    /// Parses `"LAT,LON"` (as in `near=44.48,11.35`).
    pub fn parse_pair(s: &str) -> Option<Result<Self, CoordinatesError>> {
        let (a, b) = s.split_once(',')?;
        let lat: f64 = a.trim().parse().ok()?;
        let lon: f64 = b.trim().parse().ok()?;
        Some(Self::new(lat, lon))
    }
}

/// Great-circle distance in metres (haversine formula).
pub fn distance_m(a: Coordinates, b: Coordinates) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Walking time in minutes between two points, by the product's rule.
pub fn walking_minutes(a: Coordinates, b: Coordinates) -> f64 {
    walking_minutes_for_distance(distance_m(a, b))
}

pub fn walking_minutes_for_distance(metres: f64) -> f64 {
    metres * DETOUR_FACTOR / (WALKING_SPEED_KMH * 1000.0) * 60.0
}

/// The straight-line radius, in metres, reachable in `minutes` on foot.
pub fn radius_for_walk_m(minutes: f64) -> f64 {
    minutes / 60.0 * WALKING_SPEED_KMH * 1000.0 / DETOUR_FACTOR
}

/// A latitude/longitude box that contains every point within `radius_m` of
/// `center`. Used to prefilter with an index before the exact distance test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

pub fn bounding_box(center: Coordinates, radius_m: f64) -> BoundingBox {
    // Angular radius plus a small margin for floating-point error.
    let ang = (radius_m / EARTH_RADIUS_M).to_degrees() * 1.000_001 + 1e-9;
    let min_lat = (center.lat - ang).max(-90.0);
    let max_lat = (center.lat + ang).min(90.0);
    // Longitude degrees shrink with latitude; near the poles (or when the
    // circle crosses the antimeridian) take every longitude.
    let max_abs_lat = min_lat.abs().max(max_lat.abs());
    let cos = max_abs_lat.to_radians().cos();
    if max_lat >= 90.0 || min_lat <= -90.0 || cos <= 1e-9 {
        return BoundingBox { min_lat, max_lat, min_lon: -180.0, max_lon: 180.0 };
    }
    let dlon = (ang / cos).min(180.0);
    let (min_lon, max_lon) = (center.lon - dlon, center.lon + dlon);
    if min_lon < -180.0 || max_lon > 180.0 {
        return BoundingBox { min_lat, max_lat, min_lon: -180.0, max_lon: 180.0 };
    }
    BoundingBox { min_lat, max_lat, min_lon, max_lon }
}

impl BoundingBox {
    pub fn contains(&self, p: Coordinates) -> bool {
        p.lat >= self.min_lat && p.lat <= self.max_lat && p.lon >= self.min_lon && p.lon <= self.max_lon
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_smuggle_coordinates_out_of_range() {
        assert!(serde_json::from_str::<Coordinates>(r#"{"lat":91.0,"lon":0.0}"#).is_err());
        let c: Coordinates = serde_json::from_str(r#"{"lat":44.5,"lon":11.3}"#).unwrap();
        assert_eq!((c.lat(), c.lon()), (44.5, 11.3));
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"lat":44.5,"lon":11.3}"#);
    }
    use proptest::prelude::*;

    fn coords() -> impl Strategy<Value = Coordinates> {
        (-89.0f64..89.0, -179.0f64..179.0).prop_filter_map("valid", |(a, b)| Coordinates::new(a, b).ok())
    }

    #[test]
    fn kilowatt_to_bologna_centre_is_a_short_walk() {
        let kilowatt = Coordinates::new(44.48400, 11.35035).unwrap();
        let piazza_maggiore = Coordinates::new(44.49371, 11.34308).unwrap();
        let d = distance_m(kilowatt, piazza_maggiore);
        assert!((1150.0..1300.0).contains(&d), "{d}");
        let w = walking_minutes(kilowatt, piazza_maggiore);
        // 1.2 km * 1.3 / 4.5 km/h ≈ 21 minutes.
        assert!((19.0..23.0).contains(&w), "{w}");
    }

    #[test]
    fn rejects_out_of_range() {
        assert_eq!(Coordinates::new(91.0, 0.0), Err(CoordinatesError::Latitude));
        assert_eq!(Coordinates::new(0.0, -180.5), Err(CoordinatesError::Longitude));
        assert!(Coordinates::new(f64::NAN, 0.0).is_err());
        assert!(Coordinates::parse_pair("44.1;11").is_none());
        assert!(Coordinates::parse_pair("44.1,11").is_some_and(|r| r.is_ok()));
    }

    proptest! {
        #[test]
        fn distance_is_a_metric(a in coords(), b in coords(), c in coords()) {
            let ab = distance_m(a, b);
            prop_assert!(ab >= 0.0);
            prop_assert!((ab - distance_m(b, a)).abs() < 1e-6);
            prop_assert!(distance_m(a, a) < 1e-6);
            prop_assert!(ab <= distance_m(a, c) + distance_m(c, b) + 1e-3);
        }

        #[test]
        fn walking_radius_inverts_walking_time(m in 0.0f64..240.0) {
            let r = radius_for_walk_m(m);
            prop_assert!((walking_minutes_for_distance(r) - m).abs() < 1e-9);
        }

        #[test]
        fn bounding_box_contains_every_point_in_the_circle(
            center in coords(), radius in 1.0f64..20_000.0, bearing in 0.0f64..360.0, frac in 0.0f64..1.0
        ) {
            // Walk `frac * radius` from the centre along `bearing`.
            let d = radius * frac / EARTH_RADIUS_M;
            let (lat1, lon1, brg) = (center.lat().to_radians(), center.lon().to_radians(), bearing.to_radians());
            let lat2 = (lat1.sin() * d.cos() + lat1.cos() * d.sin() * brg.cos()).asin();
            let lon2 = lon1 + (brg.sin() * d.sin() * lat1.cos()).atan2(d.cos() - lat1.sin() * lat2.sin());
            let lon2 = ((lon2.to_degrees() + 540.0) % 360.0) - 180.0;
            let p = Coordinates::new(lat2.to_degrees(), lon2).unwrap();
            prop_assert!(distance_m(center, p) <= radius * 1.0001 + 1e-6);
            prop_assert!(bounding_box(center, radius).contains(p));
        }
    }
}
