//! Element types and torch's type-promotion rules.

/// The element types ferrograd stores. Ordered so that `max` is promotion
/// within the integer and the floating kinds (except float16 with bfloat16).
///
/// Kernels compute on bool, int64, float32, float64 (the "compute" dtypes).
/// uint8 and int32 are computed as int64 and wrapped back, float16 and
/// bfloat16 as float32 and rounded back (see `compute()`); complex dtypes
/// have their own few ops.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum DType {
    Bool,
    U8,
    I32,
    I64,
    F16,
    BF16,
    F32,
    F64,
    C64,
    C128,
}

impl DType {
    pub const ALL: [DType; 10] = [
        DType::Bool,
        DType::U8,
        DType::I32,
        DType::I64,
        DType::F16,
        DType::BF16,
        DType::F32,
        DType::F64,
        DType::C64,
        DType::C128,
    ];

    pub fn is_floating(self) -> bool {
        matches!(self, DType::F16 | DType::BF16 | DType::F32 | DType::F64)
    }

    pub fn is_complex(self) -> bool {
        matches!(self, DType::C64 | DType::C128)
    }

    pub fn is_integral(self) -> bool {
        matches!(self, DType::U8 | DType::I32 | DType::I64)
    }

    /// The dtype kernels compute this one in: int64 for the narrow integers,
    /// float32 for the half-precision floats, itself otherwise.
    pub fn compute(self) -> DType {
        match self {
            DType::U8 | DType::I32 => DType::I64,
            DType::F16 | DType::BF16 => DType::F32,
            d => d,
        }
    }

    /// Stored but computed in another dtype (`compute()`).
    pub fn is_storage_only(self) -> bool {
        self.compute() != self
    }

    /// 0 = bool, 1 = integer, 2 = floating, 3 = complex: what a Python
    /// scalar or a 0-d tensor is compared by when it meets a dimensioned tensor.
    pub fn category(self) -> u8 {
        match self {
            DType::Bool => 0,
            DType::U8 | DType::I32 | DType::I64 => 1,
            DType::F16 | DType::BF16 | DType::F32 | DType::F64 => 2,
            DType::C64 | DType::C128 => 3,
        }
    }

    /// The name after `torch.` (`torch.float32`).
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::U8 => "uint8",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::F16 => "float16",
            DType::BF16 => "bfloat16",
            DType::F32 => "float32",
            DType::F64 => "float64",
            DType::C64 => "complex64",
            DType::C128 => "complex128",
        }
    }

    /// The C++ scalar name torch uses in messages (`float != double`).
    pub fn c_name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::U8 => "unsigned char",
            DType::I32 => "int",
            DType::I64 => "long int",
            DType::F16 => "c10::Half",
            DType::BF16 => "c10::BFloat16",
            DType::F32 => "float",
            DType::F64 => "double",
            DType::C64 => "c10::complex<float>",
            DType::C128 => "c10::complex<double>",
        }
    }

    /// The legacy tensor type name (`torch.FloatTensor`).
    pub fn legacy_name(self) -> &'static str {
        match self {
            DType::Bool => "torch.BoolTensor",
            DType::U8 => "torch.ByteTensor",
            DType::I32 => "torch.IntTensor",
            DType::I64 => "torch.LongTensor",
            DType::F16 => "torch.HalfTensor",
            DType::BF16 => "torch.BFloat16Tensor",
            DType::F32 => "torch.FloatTensor",
            DType::F64 => "torch.DoubleTensor",
            DType::C64 => "torch.ComplexFloatTensor",
            DType::C128 => "torch.ComplexDoubleTensor",
        }
    }

    /// torch's ScalarType name (`Float`, `Half`, `ComplexFloat`), as in
    /// "not implemented for 'Half'".
    pub fn scalar_type_name(self) -> &'static str {
        match self {
            DType::Bool => "Bool",
            DType::U8 => "Byte",
            DType::I32 => "Int",
            DType::I64 => "Long",
            DType::F16 => "Half",
            DType::BF16 => "BFloat16",
            DType::F32 => "Float",
            DType::F64 => "Double",
            DType::C64 => "ComplexFloat",
            DType::C128 => "ComplexDouble",
        }
    }

    pub fn from_name(name: &str) -> Option<DType> {
        DType::ALL.into_iter().find(|d| d.name() == name)
    }

    pub fn item_size(self) -> usize {
        match self {
            DType::Bool | DType::U8 => 1,
            DType::F16 | DType::BF16 => 2,
            DType::I32 | DType::F32 => 4,
            DType::I64 | DType::F64 | DType::C64 => 8,
            DType::C128 => 16,
        }
    }
}

/// torch's promotion of two tensor dtypes (`torch.promote_types`).
pub fn promote(a: DType, b: DType) -> DType {
    use DType::*;
    match (a.min(b), a.max(b)) {
        // the two half-precision floats meet in float32
        (F16, BF16) => F32,
        // complex keeps the wider of the float precisions
        (F64, C64) => C128,
        (_, hi) => hi,
    }
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

/// Whether a result of dtype `from` may be written into a tensor of dtype
/// `to` (`torch.can_cast`): never to a lower kind (float into an integer
/// tensor, complex into a real one, anything but bool into bool).
pub fn can_cast(from: DType, to: DType) -> bool {
    let (f, t) = (from.category(), to.category());
    !(f > t && (t < 2 || f == 3))
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
            Scalar::Float(_) => default_float(),
        }
    }

    pub fn is_integral(self) -> bool {
        !matches!(self, Scalar::Float(_))
    }
}

/// torch's default dtype (`set_default_dtype`): what Python floats,
/// true division and float ops of integers give. One process-wide setting,
/// as torch's; float32 unless set.
static DEFAULT_FLOAT: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

const DEFAULT_CHOICES: [DType; 4] = [DType::F32, DType::F64, DType::F16, DType::BF16];

pub fn default_float() -> DType {
    DEFAULT_CHOICES[DEFAULT_FLOAT.load(std::sync::atomic::Ordering::Relaxed) as usize]
}

/// Sets the default float dtype; false (and nothing changed) for a dtype
/// that is not a real floating type.
pub fn set_default_float(d: DType) -> bool {
    match DEFAULT_CHOICES.iter().position(|&c| c == d) {
        Some(i) => {
            DEFAULT_FLOAT.store(i as u8, std::sync::atomic::Ordering::Relaxed);
            true
        }
        None => false,
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

/// Result type of `tensor op complex number`: complex128 for a float64
/// tensor, complex64 below, the tensor's own dtype when it is complex.
pub fn result_type_complex_scalar(t: DType) -> DType {
    match t {
        DType::C64 | DType::C128 => t,
        DType::F64 => DType::C128,
        _ => DType::C64,
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
    fn can_cast_refuses_lower_kinds() {
        use DType::*;
        assert!(can_cast(I32, U8) && can_cast(F32, F16) && can_cast(Bool, F32));
        assert!(!can_cast(F32, I32) && !can_cast(C64, F64) && !can_cast(U8, Bool));
    }

    #[test]
    fn storage_dtypes_promote_like_torch() {
        use DType::*;
        assert_eq!(promote(I32, I64), I64);
        assert_eq!(promote(U8, I32), I32);
        assert_eq!(promote(Bool, U8), U8);
        assert_eq!(promote(F16, F32), F32);
        assert_eq!(promote(F16, BF16), F32);
        assert_eq!(promote(I32, F16), F16);
        assert_eq!(promote(C64, F64), C128);
        assert_eq!(promote(C64, F32), C64);
        assert_eq!(promote(I64, C64), C64);
        assert_eq!(result_type(F16, false, F64, true), F16);
        assert_eq!(result_type(U8, false, I64, true), U8);
        assert_eq!(result_type(I32, false, F32, true), F32);
        assert_eq!(result_type_scalar(I32, Scalar::Float(2.5)), F32);
        assert_eq!(result_type_scalar(BF16, Scalar::Float(2.5)), BF16);
        assert_eq!(result_type_scalar(U8, Scalar::Int(300)), U8);
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
