//! Parquet export of a read-only query: rows are read in batches of 8,192, turned into Arrow
//! arrays and written by the `parquet` crate's `ArrowWriter` (Snappy), so memory stays bounded.
//!
//! SQLite is dynamically typed; a column's Parquet type comes from its declared SQL type
//! (INTEGER -> Int64, REAL -> Float64, BLOB -> Binary, anything else -> Utf8) or, for
//! expressions, from the values of the first batch. A later value that does not fit the column
//! type is converted (numbers to text, numeric text to numbers) or, failing that, written as null.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{BinaryBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rusqlite::types::ValueRef;

use crate::{Result, Store, StoreError};

const BATCH_ROWS: usize = 8192;

/// An owned SQLite value.
#[derive(Debug, Clone, PartialEq)]
enum Owned {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<ValueRef<'_>> for Owned {
    fn from(value: ValueRef<'_>) -> Owned {
        match value {
            ValueRef::Null => Owned::Null,
            ValueRef::Integer(value) => Owned::Integer(value),
            ValueRef::Real(value) => Owned::Real(value),
            ValueRef::Text(bytes) => Owned::Text(String::from_utf8_lossy(bytes).into_owned()),
            ValueRef::Blob(bytes) => Owned::Blob(bytes.to_vec()),
        }
    }
}

fn declared_type(declared: &str) -> DataType {
    // SQLite's own affinity rules, in its order.
    let declared = declared.to_ascii_uppercase();
    if declared.contains("INT") {
        DataType::Int64
    } else if declared.contains("CHAR") || declared.contains("CLOB") || declared.contains("TEXT") {
        DataType::Utf8
    } else if declared.contains("BLOB") {
        DataType::Binary
    } else if declared.contains("REAL") || declared.contains("FLOA") || declared.contains("DOUB") {
        DataType::Float64
    } else {
        DataType::Utf8
    }
}

fn observed_type(rows: &[Vec<Owned>], column: usize) -> DataType {
    let (mut integers, mut reals, mut blobs, mut others) = (0, 0, 0, 0);
    for row in rows {
        match row[column] {
            Owned::Null => {}
            Owned::Integer(_) => integers += 1,
            Owned::Real(_) => reals += 1,
            Owned::Blob(_) => blobs += 1,
            Owned::Text(_) => others += 1,
        }
    }
    match (integers, reals, blobs, others) {
        (1.., 0, 0, 0) => DataType::Int64,
        (_, 1.., 0, 0) => DataType::Float64,
        (0, 0, 1.., 0) => DataType::Binary,
        _ => DataType::Utf8,
    }
}

fn text_of(value: &Owned) -> Option<String> {
    match value {
        Owned::Null => None,
        Owned::Integer(value) => Some(value.to_string()),
        Owned::Real(value) => Some(value.to_string()),
        Owned::Text(text) => Some(text.clone()),
        Owned::Blob(bytes) => Some(bytes.iter().map(|byte| format!("{byte:02x}")).collect()),
    }
}

fn array(rows: &[Vec<Owned>], column: usize, data_type: &DataType) -> ArrayRef {
    match data_type {
        DataType::Int64 => {
            let mut builder = Int64Builder::with_capacity(rows.len());
            for row in rows {
                builder.append_option(match &row[column] {
                    Owned::Integer(value) => Some(*value),
                    Owned::Real(value) if value.fract() == 0.0 && value.abs() < 9.0e15 => Some(*value as i64),
                    Owned::Text(text) => text.trim().parse().ok(),
                    _ => None,
                });
            }
            Arc::new(builder.finish())
        }
        DataType::Float64 => {
            let mut builder = Float64Builder::with_capacity(rows.len());
            for row in rows {
                builder.append_option(match &row[column] {
                    Owned::Integer(value) => Some(*value as f64),
                    Owned::Real(value) => Some(*value),
                    Owned::Text(text) => text.trim().parse().ok(),
                    _ => None,
                });
            }
            Arc::new(builder.finish())
        }
        DataType::Binary => {
            let mut builder = BinaryBuilder::new();
            for row in rows {
                match &row[column] {
                    Owned::Null => builder.append_null(),
                    Owned::Blob(bytes) => builder.append_value(bytes),
                    other => builder.append_option(text_of(other)),
                }
            }
            Arc::new(builder.finish())
        }
        _ => {
            let mut builder = StringBuilder::new();
            for row in rows {
                builder.append_option(text_of(&row[column]));
            }
            Arc::new(builder.finish())
        }
    }
}

/// Writes the rows of a read-only query as a Parquet file. Returns the number of rows.
pub(crate) fn write_parquet(store: &Store, sql: &str, out: &mut (dyn Write + Send)) -> Result<u64> {
    let query_error = |error: rusqlite::Error| StoreError::Query { message: error.to_string() };
    let parquet_error = |source| StoreError::Parquet { source };
    let mut statement = store.conn.prepare(sql).map_err(query_error)?;
    if !statement.readonly() {
        return Err(StoreError::Query { message: "only read-only statements are allowed (SELECT, WITH ...)".into() });
    }
    let declared: Vec<Option<String>> =
        statement.columns().iter().map(|column| column.decl_type().map(str::to_owned)).collect();
    let names: Vec<String> = statement.column_names().into_iter().map(str::to_owned).collect();
    let n_columns = names.len();
    let mut rows = statement.query([]).map_err(query_error)?;
    let mut batch: Vec<Vec<Owned>> = Vec::with_capacity(BATCH_ROWS);
    let mut fill = |batch: &mut Vec<Vec<Owned>>| -> Result<bool> {
        batch.clear();
        while batch.len() < BATCH_ROWS {
            let Some(row) = rows.next().map_err(query_error)? else {
                return Ok(false);
            };
            let values = (0..n_columns)
                .map(|idx| row.get_ref(idx).map(Owned::from))
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(query_error)?;
            batch.push(values);
        }
        Ok(true)
    };
    let mut more = fill(&mut batch)?;
    let types: Vec<DataType> = (0..n_columns)
        .map(|idx| match &declared[idx] {
            Some(declared) => declared_type(declared),
            None => observed_type(&batch, idx),
        })
        .collect();
    let schema = Arc::new(Schema::new(
        names.iter().zip(&types).map(|(name, data_type)| Field::new(name, data_type.clone(), true)).collect::<Vec<_>>(),
    ));
    let properties = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(properties)).map_err(parquet_error)?;
    let mut n_rows = 0u64;
    loop {
        if !batch.is_empty() {
            let arrays: Vec<ArrayRef> =
                types.iter().enumerate().map(|(idx, data_type)| array(&batch, idx, data_type)).collect();
            let record_batch = RecordBatch::try_new(schema.clone(), arrays)
                .map_err(|error| parquet_error(parquet::errors::ParquetError::External(Box::new(error))))?;
            writer.write(&record_batch).map_err(parquet_error)?;
            n_rows += batch.len() as u64;
        }
        if !more {
            break;
        }
        more = fill(&mut batch)?;
    }
    writer.close().map_err(parquet_error)?;
    Ok(n_rows)
}
