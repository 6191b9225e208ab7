"""Dtype queries, recorded from torch: promote_types, result_type (tensors,
0-d tensors and numbers in either order), can_cast, finfo and iinfo (values
and reprs), get_default_dtype, and torch's errors for wrong arguments."""

CASES = {
    "dtype_info_promote_types": (
        "result = [torch.promote_types(a, b) for a, b in [(torch.int32, torch.float16), "
        "(torch.bool, torch.int64), (torch.uint8, torch.int32), (torch.float16, torch.bfloat16), "
        "(torch.float64, torch.complex64), (torch.float32, torch.float32)]]"
    ),
    "dtype_info_result_type": (
        "i = torch.tensor([1, 2]); d0 = torch.tensor(1.0, dtype=torch.float64)\n"
        "h = torch.tensor([1.], dtype=torch.float16); b = torch.tensor([True])\n"
        "result = [torch.result_type(i, 1.0), torch.result_type(d0, torch.tensor([1], dtype=torch.int32)), "
        "torch.result_type(2, 3.0), torch.result_type(h, 5), torch.result_type(5, h), "
        "torch.result_type(b, 1), torch.result_type(True, False), torch.result_type(1, 2), "
        "torch.result_type(i, d0), torch.result_type(h, torch.tensor(2.0))]"
    ),
    "dtype_info_result_type_bad": "torch.result_type(1, 'a')",
    "dtype_info_can_cast": (
        "result = [torch.can_cast(torch.float64, torch.int32), "
        "torch.can_cast(torch.int32, torch.float64), torch.can_cast(torch.bool, torch.bool), "
        "torch.can_cast(torch.int64, torch.bool), torch.can_cast(torch.complex64, torch.float32), "
        "torch.can_cast(torch.float32, torch.float16)]"
    ),
    "dtype_info_promote_types_bad": "torch.promote_types(torch.float32, 3)",
    "dtype_info_finfo": (
        "result = [(repr(f), f.bits, f.eps, f.max, f.min, f.tiny, f.smallest_normal, "
        "f.resolution, f.dtype) for f in [torch.finfo(), torch.finfo(torch.float64), "
        "torch.finfo(torch.float16), torch.finfo(torch.bfloat16), torch.finfo(torch.float32)]]"
    ),
    "dtype_info_iinfo": (
        "result = [(repr(i), i.bits, i.min, i.max, i.dtype) for i in [torch.iinfo(torch.int64), "
        "torch.iinfo(torch.uint8), torch.iinfo(torch.int32)]]"
    ),
    "dtype_info_finfo_of_int": "torch.finfo(torch.int32)",
    "dtype_info_iinfo_of_float": "torch.iinfo(torch.float32)",
    "dtype_info_default": "result = (torch.get_default_dtype(), torch.tensor([1.5]).dtype)",
    "dtype_info_eps_in_use": (
        "x = torch.tensor([1.0]); result = (x + torch.finfo(x.dtype).eps > x, "
        "x + torch.finfo(x.dtype).eps / 2 > x)"
    ),
}
