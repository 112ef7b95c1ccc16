//! grip's Python bindings: the `grip._grip` extension module inside the `grip-events` wheel.
//!
//! This is an edge, like the CLI: it reads the clock (the fallback date of undated documents)
//! and serializes (the JSON contract, `grip_wire::json`). The Python package `grip`
//! (python/grip/__init__.py) wraps it with `analyze`, `analyze_many`, `to_pandas` and
//! `influence`; this module stays small and typed:
//!
//! - [`Engine`]: the KB plus the trained models, built once per process and shared by every
//!   thread (it is immutable). `Engine.analyze` returns the contract as a JSON string, with the
//!   GIL released during analysis.
//! - [`stream::Stream`]: documents analyzed on worker threads, results in submission order.
//! - [`influence::influence`]: grip-influence's aggregator over event columns.

#![warn(missing_docs)]

mod influence;
mod input;
mod stream;

use std::collections::BTreeMap;
use std::sync::Arc;

use grip_analysis::AnalysisConfig;
use grip_kb::{Kb, KbSource};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::input::{analyze_to_json, input, Fields};

/// The analysis engine: the knowledge base plus the syntax and tone models.
///
/// Building one takes a fraction of a second; build it once per process and share it (it is
/// immutable and used from many threads at once).
#[pyclass(module = "grip._grip", frozen)]
pub struct Engine {
    inner: Arc<grip_analysis::Engine>,
}

#[pymethods]
impl Engine {
    /// The embedded KB plus `kb_extra`, a list of `(name, toml_text)` sources in the format of
    /// kb/README.md (entries with an existing id replace it).
    #[new]
    #[pyo3(signature = (kb_extra = None))]
    fn new(py: Python<'_>, kb_extra: Option<Vec<(String, String)>>) -> PyResult<Engine> {
        let kb_extra = kb_extra.unwrap_or_default();
        let engine = py.detach(|| build_engine(&kb_extra)).map_err(PyValueError::new_err)?;
        Ok(Engine { inner: Arc::new(engine) })
    }

    /// The KB version recorded in every result.
    #[getter]
    fn kb_version(&self) -> String {
        self.inner.kb.version().to_owned()
    }

    /// The engine version recorded in every result.
    #[getter]
    fn engine_version(&self) -> &'static str {
        grip_analysis::ENGINE_VERSION
    }

    /// Analyzes one document and returns the JSON contract (v1) as a string. The GIL is
    /// released during analysis.
    #[pyo3(signature = (text, id, date=None, title=None, url=None, tokens=false))]
    #[allow(clippy::too_many_arguments)] // A Python signature: keyword arguments.
    fn analyze(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: String,
        date: Option<String>,
        title: Option<String>,
        url: Option<String>,
        tokens: bool,
    ) -> PyResult<String> {
        let input = input(text, Fields { id, date, title, url, default_date: None })?;
        let engine = &self.inner;
        Ok(py.detach(|| {
            let config = AnalysisConfig { fallback_date: crate::input::today() };
            analyze_to_json(engine, input, &config, tokens)
        }))
    }

    /// Starts a stream of `threads` analysis threads sharing this engine.
    #[pyo3(signature = (threads, tokens=false))]
    fn stream(&self, threads: usize, tokens: bool) -> PyResult<stream::Stream> {
        stream::Stream::start(Arc::clone(&self.inner), threads, tokens)
    }

    /// ISO 3166 alpha-3 -> FIPS 10-4 of every country in the KB (GDELT's geography codes).
    fn iso_to_fips(&self) -> BTreeMap<String, String> {
        self.inner.kb.iso_to_fips()
    }
}

/// Compiles the KB (embedded sources plus extras) and loads the models.
fn build_engine(kb_extra: &[(String, String)]) -> Result<grip_analysis::Engine, String> {
    let sources: Vec<KbSource<'_>> =
        kb_extra.iter().map(|(name, text)| KbSource { name: name.as_str(), text: text.as_str() }).collect();
    let kb = Kb::from_sources(&sources).map_err(|error| format!("compiling the knowledge base: {error}"))?;
    grip_analysis::Engine::with_kb(kb).map_err(|error| format!("loading the syntax model: {error}"))
}

/// The `grip._grip` module.
#[pymodule]
fn _grip(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Engine>()?;
    module.add_class::<stream::Stream>()?;
    module.add_function(wrap_pyfunction!(influence::influence, module)?)?;
    module.add("ENGINE_VERSION", grip_analysis::ENGINE_VERSION)?;
    module.add("CONTRACT_VERSION", grip_wire::json::CONTRACT_VERSION)?;
    Ok(())
}
