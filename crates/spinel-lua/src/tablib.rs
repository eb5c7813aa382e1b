//! placeholder
use crate::SharedRef;
use piccolo::{Context, Table};

pub fn install<'gc>(_ctx: Context<'gc>, _g: Table<'gc>, _shared: &SharedRef) {}
