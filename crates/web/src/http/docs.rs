//! The OpenAPI document and a documentation page rendered on the server
//! from it (no CDN, no JavaScript needed).

use crate::http::ctx::Ctx;
use crate::http::error::AppResult;
use crate::http::render::{Layout, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;

pub fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| crate::api_document().to_pretty_json().unwrap_or_else(|_| "{}".into()))
}

pub async fn openapi_json() -> Response {
    let mut r = document().into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

pub struct Operation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub auth: bool,
    pub params: Vec<(String, String, bool, String)>,
    pub body: Option<String>,
    pub responses: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    l: Layout,
    intro: String,
    operations: Vec<Operation>,
}

fn schema_name(v: &serde_json::Value) -> Option<String> {
    let s = v.get("$ref").or_else(|| v.get("items").and_then(|i| i.get("$ref")))?.as_str()?;
    Some(s.rsplit('/').next().unwrap_or(s).to_owned())
}

/// Reads the operations out of the OpenAPI document.
pub fn operations() -> Vec<Operation> {
    let doc: serde_json::Value = serde_json::from_str(document()).unwrap_or_default();
    let mut ops = Vec::new();
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else { return ops };
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, op) in item {
            let text = |k: &str| op.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let params = op
                .get("parameters")
                .and_then(|p| p.as_array())
                .map(|ps| {
                    ps.iter()
                        .map(|p| {
                            let s = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
                            (
                                s("name"),
                                s("in"),
                                p.get("required").and_then(|v| v.as_bool()).unwrap_or(false),
                                s("description"),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let body = op.pointer("/requestBody/content/application~1json/schema").and_then(schema_name);
            let responses = op
                .get("responses")
                .and_then(|r| r.as_object())
                .map(|r| {
                    r.iter()
                        .map(|(code, v)| {
                            let schema = v
                                .get("content")
                                .and_then(|c| c.as_object())
                                .and_then(|c| c.values().next())
                                .and_then(|c| c.get("schema"))
                                .and_then(schema_name)
                                .unwrap_or_default();
                            (code.clone(), schema)
                        })
                        .collect()
                })
                .unwrap_or_default();
            ops.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text("summary"),
                description: text("description"),
                auth: op.get("security").is_some(),
                params,
                body,
                responses,
            });
        }
    }
    ops
}

pub async fn docs_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let doc: serde_json::Value = serde_json::from_str(document()).unwrap_or_default();
    let page = DocsPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("api-docs-title"), "").await?,
        intro: doc.pointer("/info/description").and_then(|v| v.as_str()).unwrap_or("").to_owned(),
        operations: operations(),
    };
    Ok(render(&page))
}
