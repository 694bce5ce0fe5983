//! What pages do against script injection, beyond Leptos's own escaping of text and
//! attributes:
//!
//! - [`tab_title`]: the document title. `leptos_meta` writes `<title>` unescaped when
//!   rendering on the server, and titles carry outside names (topics, groups, subjects,
//!   search queries), so the server build escapes them here. In the browser the title
//!   is set as text, so it is left as it is.
//! - [`send_page_policy`]: a strict Content-Security-Policy per page, allowing only the
//!   scripts that carry this render's nonce (the hydration scripts) and the app's own
//!   bundle, so an injected script would not run even if some escaping failed.

/// `page · Tributary`, as the tab shows it.
pub fn tab_title(page: String) -> String {
    let title = format!("{page} · Tributary");
    if cfg!(feature = "ssr") {
        escape_html(&title)
    } else {
        title
    }
}

/// `text` safe inside an HTML element or a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The policy of a page rendered with `nonce`: scripts from this origin or carrying
/// the nonce, wasm compilation for the bundle, styles and everything else from this
/// origin only, images also from `data:`/`blob:` (the PNG export), no plugins, no
/// `<base>`, no framing.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// Sends [`page_policy`] with this render's nonce (server only; nothing in the browser).
pub fn send_page_policy() {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
        else {
            return;
        };
        if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce)) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape_html(r#"</title><script>alert('x')</script> & "q""#),
            "&lt;/title&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape_html("שלום \u{202E} zero\u{200B}width"), "שלום \u{202E} zero\u{200B}width");
    }

    #[test]
    fn the_policy_names_the_nonce_and_forbids_plugins_and_framing() {
        let policy = page_policy("abc123");
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "style-src 'self'"] {
            assert!(policy.contains(directive), "{directive}");
        }
        assert!(!policy.contains("unsafe-inline"));
    }
}
