#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| claimledger_fuzz::export_reader(data));
