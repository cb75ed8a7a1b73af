//! Page sizes shared by every paginated query of the suite.

/// Page size when a query gives no `limit`.
pub const DEFAULT_LIMIT: u32 = 30;
/// Largest page size a query answers; larger limits are clamped to it.
pub const MAX_LIMIT: u32 = 100;

/// The effective page size for a requested `limit` (at least 1, at most [`MAX_LIMIT`]).
pub fn page_size(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize
}

/// Split one extra fetched item off a page: returns whether more items follow.
///
/// Fetch `page_size + 1` items, then call this to truncate to `page_size`.
pub fn finish_page<T>(items: &mut Vec<T>, page_size: usize) -> bool {
    let has_more = items.len() > page_size;
    items.truncate(page_size);
    has_more
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_size_defaults_and_clamps() {
        assert_eq!(page_size(None), DEFAULT_LIMIT as usize);
        assert_eq!(page_size(Some(0)), 1);
        assert_eq!(page_size(Some(10_000)), MAX_LIMIT as usize);
    }

    #[test]
    fn finish_page_reports_more() {
        let mut v = vec![1, 2, 3];
        assert!(finish_page(&mut v, 2));
        assert_eq!(v, vec![1, 2]);
        let mut v = vec![1, 2];
        assert!(!finish_page(&mut v, 2));
    }
}
