//! Element types and torch's type-promotion rules.

/// The element types ferrograd stores. Ordered so that `max` is promotion
/// within the bool < integer < floating categories.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum DType {
    Bool,
    I64,
    F32,
    F64,
}

impl DType {
    pub const ALL: [DType; 4] = [DType::Bool, DType::I64, DType::F32, DType::F64];

    pub fn is_floating(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }

    /// 0 = bool, 1 = integer, 2 = floating: what a Python scalar or a 0-d
    /// tensor is compared by when it meets a dimensioned tensor.
    pub fn category(self) -> u8 {
        match self {
            DType::Bool => 0,
            DType::I64 => 1,
            DType::F32 | DType::F64 => 2,
        }
    }

    /// The name after `torch.` (`torch.float32`).
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I64 => "int64",
            DType::F32 => "float32",
            DType::F64 => "float64",
        }
    }

    /// The C++ scalar name torch uses in messages (`float != double`).
    pub fn c_name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I64 => "long int",
            DType::F32 => "float",
            DType::F64 => "double",
        }
    }

    /// The legacy tensor type name (`torch.FloatTensor`).
    pub fn legacy_name(self) -> &'static str {
        match self {
            DType::Bool => "torch.BoolTensor",
            DType::I64 => "torch.LongTensor",
            DType::F32 => "torch.FloatTensor",
            DType::F64 => "torch.DoubleTensor",
        }
    }

    pub fn from_name(name: &str) -> Option<DType> {
        DType::ALL.into_iter().find(|d| d.name() == name)
    }

    pub fn item_size(self) -> usize {
        match self {
            DType::Bool => 1,
            DType::I64 | DType::F64 => 8,
            DType::F32 => 4,
        }
    }
}

/// Plain promotion of two tensor dtypes of the same priority class.
pub fn promote(a: DType, b: DType) -> DType {
    a.max(b)
}

/// torch's result type for two tensors: a 0-d operand decides the dtype only
/// when its category is higher than the dimensioned operand's.
pub fn result_type(a: DType, a_is_0d: bool, b: DType, b_is_0d: bool) -> DType {
    if a_is_0d == b_is_0d {
        return promote(a, b);
    }
    let (dimmed, zero_d) = if a_is_0d { (b, a) } else { (a, b) };
    if zero_d.category() > dimmed.category() {
        promote(dimmed, zero_d)
    } else {
        dimmed
    }
}

/// A Python number as an operand: it only lifts the category, landing on the
/// default dtype of the new category (float32 for floats).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Scalar {
    pub fn as_f64(self) -> f64 {
        match self {
            Scalar::Bool(b) => b as i64 as f64,
            Scalar::Int(i) => i as f64,
            Scalar::Float(f) => f,
        }
    }

    pub fn category(self) -> u8 {
        match self {
            Scalar::Bool(_) => 0,
            Scalar::Int(_) => 1,
            Scalar::Float(_) => 2,
        }
    }

    pub fn default_dtype(self) -> DType {
        match self {
            Scalar::Bool(_) => DType::Bool,
            Scalar::Int(_) => DType::I64,
            Scalar::Float(_) => DType::F32,
        }
    }

    pub fn is_integral(self) -> bool {
        !matches!(self, Scalar::Float(_))
    }
}

/// Result type of `tensor op scalar`.
pub fn result_type_scalar(t: DType, s: Scalar) -> DType {
    if s.category() > t.category() {
        s.default_dtype()
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_d_float64_does_not_win_over_float32() {
        assert_eq!(result_type(DType::F64, true, DType::F32, false), DType::F32);
        assert_eq!(result_type(DType::F64, true, DType::I64, false), DType::F64);
        assert_eq!(
            result_type(DType::I64, false, DType::F32, false),
            DType::F32
        );
    }

    #[test]
    fn scalars_lift_category_only() {
        assert_eq!(
            result_type_scalar(DType::I64, Scalar::Float(1.5)),
            DType::F32
        );
        assert_eq!(
            result_type_scalar(DType::F64, Scalar::Float(1.5)),
            DType::F64
        );
        assert_eq!(result_type_scalar(DType::Bool, Scalar::Int(2)), DType::I64);
        assert_eq!(result_type_scalar(DType::F32, Scalar::Int(2)), DType::F32);
    }
}
