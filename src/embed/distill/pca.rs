//! Principal component analysis of the pooled token vectors: the directions that keep most of their variance.
//!
//! This file owns the covariance, its symmetric eigendecomposition (Householder tridiagonalisation, then the
//! implicit QL algorithm, as in EISPACK's `tred2`/`tql2`) and the projection. It knows nothing of tokens.
//! Invariant: components are orthonormal, sorted by decreasing variance, and each has its largest-magnitude
//! coordinate positive, so the same data always gives the same basis, whatever the rounding of the solver.

/// A fitted projection: subtract `mean`, multiply by `components` (`[k, d]`, row-major).
#[derive(Clone, Debug)]
pub struct Pca {
    pub dims_in: usize,
    pub mean: Vec<f32>,
    pub components: Vec<f32>,
    /// Variance along each kept component, largest first.
    pub variance: Vec<f64>,
    /// Total variance of the data (the sum over all components, kept or not).
    pub total_variance: f64,
}

impl Pca {
    /// Fits `k` components to `data`, `[n, d]` row-major.
    pub fn fit(data: &[f32], d: usize, k: usize) -> Self {
        assert!(k <= d && d > 0 && data.len() % d == 0);
        let n = data.len() / d;
        let mut mean = vec![0f64; d];
        for row in data.chunks_exact(d) {
            mean.iter_mut().zip(row).for_each(|(m, &v)| *m += v as f64);
        }
        mean.iter_mut().for_each(|m| *m /= n as f64);
        let mean: Vec<f32> = mean.into_iter().map(|m| m as f32).collect();
        let centred: Vec<f32> = data.chunks_exact(d).flat_map(|r| r.iter().zip(&mean).map(|(v, m)| v - m)).collect();
        // Covariance XᵀX / (n - 1), as f32 products summed by the matrix kernel.
        let mut cov = vec![0f32; d * d];
        // SAFETY: `centred` is [n, d] row-major, read once as Xᵀ (strides 1, d) and once as X (strides d, 1);
        // `cov` is [d, d].
        unsafe {
            matrixmultiply::sgemm(
                d,
                n,
                d,
                1.0 / (n.max(2) - 1) as f32,
                centred.as_ptr(),
                1,
                d as isize,
                centred.as_ptr(),
                d as isize,
                1,
                0.0,
                cov.as_mut_ptr(),
                d as isize,
                1,
            );
        }
        let mut a: Vec<f64> = cov.iter().map(|&c| c as f64).collect();
        // Exact symmetry, whatever the kernel's summation order did.
        for i in 0..d {
            for j in 0..i {
                let m = 0.5 * (a[i * d + j] + a[j * d + i]);
                a[i * d + j] = m;
                a[j * d + i] = m;
            }
        }
        let (values, vectors) = symmetric_eigen(a, d);
        let total_variance = values.iter().sum();
        let mut components = Vec::with_capacity(k * d);
        let mut variance = Vec::with_capacity(k);
        for c in 0..k {
            let mut v: Vec<f64> = (0..d).map(|r| vectors[r * d + c]).collect();
            let lead = v.iter().fold(0f64, |m, &x| if x.abs() > m.abs() { x } else { m });
            if lead < 0.0 {
                v.iter_mut().for_each(|x| *x = -*x);
            }
            components.extend(v.into_iter().map(|x| x as f32));
            variance.push(values[c]);
        }
        Self { dims_in: d, mean, components, variance, total_variance }
    }

    /// The share of the total variance the kept components explain.
    pub fn explained(&self) -> f64 {
        self.variance.iter().sum::<f64>() / self.total_variance
    }

    /// Projects `data`, `[n, d]`, to `[n, k]`.
    pub fn transform(&self, data: &[f32]) -> Vec<f32> {
        let d = self.dims_in;
        let k = self.variance.len();
        let n = data.len() / d;
        let centred: Vec<f32> =
            data.chunks_exact(d).flat_map(|r| r.iter().zip(&self.mean).map(|(v, m)| v - m)).collect();
        let mut out = vec![0f32; n * k];
        // SAFETY: `centred` is [n, d]; `components` is [k, d], read as its transpose [d, k]; `out` is [n, k].
        unsafe {
            matrixmultiply::sgemm(
                n,
                d,
                k,
                1.0,
                centred.as_ptr(),
                d as isize,
                1,
                self.components.as_ptr(),
                1,
                d as isize,
                0.0,
                out.as_mut_ptr(),
                k as isize,
                1,
            );
        }
        out
    }
}

/// Eigenvalues (descending) and eigenvectors (the columns of a `[n, n]` row-major matrix) of a symmetric matrix.
pub fn symmetric_eigen(a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = a;
    let mut d = vec![0f64; n];
    let mut e = vec![0f64; n];
    tred2(&mut v, &mut d, &mut e, n);
    tql2(&mut v, &mut d, &mut e, n);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| d[j].total_cmp(&d[i]));
    let values = order.iter().map(|&i| d[i]).collect();
    let mut vectors = vec![0f64; n * n];
    for (c, &src) in order.iter().enumerate() {
        for r in 0..n {
            vectors[r * n + c] = v[r * n + src];
        }
    }
    (values, vectors)
}

/// Householder reduction to tridiagonal form; `v` becomes the accumulated transformation.
#[allow(clippy::needless_range_loop)]
fn tred2(v: &mut [f64], d: &mut [f64], e: &mut [f64], n: usize) {
    let at = |r: usize, c: usize| r * n + c;
    for j in 0..n {
        d[j] = v[at(n - 1, j)];
    }
    for i in (1..n).rev() {
        let scale: f64 = d[..i].iter().map(|x| x.abs()).sum();
        let mut h = 0.0;
        if scale == 0.0 {
            e[i] = d[i - 1];
            for j in 0..i {
                d[j] = v[at(i - 1, j)];
                v[at(i, j)] = 0.0;
                v[at(j, i)] = 0.0;
            }
        } else {
            for k in 0..i {
                d[k] /= scale;
                h += d[k] * d[k];
            }
            let mut f = d[i - 1];
            let mut g = h.sqrt();
            if f > 0.0 {
                g = -g;
            }
            e[i] = scale * g;
            h -= f * g;
            d[i - 1] = f - g;
            e[..i].iter_mut().for_each(|x| *x = 0.0);
            for j in 0..i {
                f = d[j];
                v[at(j, i)] = f;
                g = e[j] + v[at(j, j)] * f;
                for k in j + 1..i {
                    g += v[at(k, j)] * d[k];
                    e[k] += v[at(k, j)] * f;
                }
                e[j] = g;
            }
            f = 0.0;
            for j in 0..i {
                e[j] /= h;
                f += e[j] * d[j];
            }
            let hh = f / (h + h);
            for j in 0..i {
                e[j] -= hh * d[j];
            }
            for j in 0..i {
                f = d[j];
                g = e[j];
                for k in j..i {
                    v[at(k, j)] -= f * e[k] + g * d[k];
                }
                d[j] = v[at(i - 1, j)];
                v[at(i, j)] = 0.0;
            }
        }
        d[i] = h;
    }
    for i in 0..n - 1 {
        v[at(n - 1, i)] = v[at(i, i)];
        v[at(i, i)] = 1.0;
        let h = d[i + 1];
        if h != 0.0 {
            for k in 0..=i {
                d[k] = v[at(k, i + 1)] / h;
            }
            for j in 0..=i {
                let mut g = 0.0;
                for k in 0..=i {
                    g += v[at(k, i + 1)] * v[at(k, j)];
                }
                for k in 0..=i {
                    v[at(k, j)] -= g * d[k];
                }
            }
        }
        for k in 0..=i {
            v[at(k, i + 1)] = 0.0;
        }
    }
    for j in 0..n {
        d[j] = v[at(n - 1, j)];
        v[at(n - 1, j)] = 0.0;
    }
    v[at(n - 1, n - 1)] = 1.0;
    e[0] = 0.0;
}

/// Implicit QL iterations on the tridiagonal matrix (`d` diagonal, `e` subdiagonal), accumulating into `v`.
fn tql2(v: &mut [f64], d: &mut [f64], e: &mut [f64], n: usize) {
    let at = |r: usize, c: usize| r * n + c;
    for i in 1..n {
        e[i - 1] = e[i];
    }
    e[n - 1] = 0.0;
    let mut f = 0.0;
    let mut tst1: f64 = 0.0;
    let eps = f64::EPSILON;
    for l in 0..n {
        tst1 = tst1.max(d[l].abs() + e[l].abs());
        let mut m = l;
        while m < n - 1 && e[m].abs() > eps * tst1 {
            m += 1;
        }
        if m > l {
            loop {
                let mut g = d[l];
                let mut p = (d[l + 1] - g) / (2.0 * e[l]);
                let mut r = p.hypot(1.0);
                if p < 0.0 {
                    r = -r;
                }
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                let dl1 = d[l + 1];
                let mut h = g - d[l];
                for x in &mut d[l + 2..n] {
                    *x -= h;
                }
                f += h;
                p = d[m];
                let (mut c, mut c2, mut c3) = (1.0, 1.0, 1.0);
                let el1 = e[l + 1];
                let (mut s, mut s2) = (0.0, 0.0);
                for i in (l..m).rev() {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = p.hypot(e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    for k in 0..n {
                        let vh = v[at(k, i + 1)];
                        let vi = v[at(k, i)];
                        v[at(k, i + 1)] = s * vi + c * vh;
                        v[at(k, i)] = c * vi - s * vh;
                    }
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * p;
                d[l] = c * p;
                if e[l].abs() <= eps * tst1 {
                    break;
                }
            }
        }
        d[l] += f;
        e[l] = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the tests need no dependency.
    fn noise(seed: &mut u64) -> f64 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((*seed >> 11) as f64 / (1u64 << 53) as f64) - 0.5
    }

    #[test]
    fn eigenvectors_satisfy_the_definition() {
        let n = 23;
        let mut seed = 7;
        let mut a = vec![0f64; n * n];
        for i in 0..n {
            for j in 0..=i {
                let x = noise(&mut seed);
                a[i * n + j] = x;
                a[j * n + i] = x;
            }
        }
        let (values, vectors) = symmetric_eigen(a.clone(), n);
        assert!(values.windows(2).all(|w| w[0] >= w[1]));
        for c in 0..n {
            for r in 0..n {
                let av: f64 = (0..n).map(|k| a[r * n + k] * vectors[k * n + c]).sum();
                assert!((av - values[c] * vectors[r * n + c]).abs() < 1e-10, "A v = λ v fails at ({r}, {c})");
            }
            for c2 in 0..n {
                let dot: f64 = (0..n).map(|k| vectors[k * n + c] * vectors[k * n + c2]).sum();
                assert!((dot - if c == c2 { 1.0 } else { 0.0 }).abs() < 1e-10);
            }
        }
    }

    #[test]
    fn finds_the_direction_of_most_variance() {
        // Points along (3, 4)/5 with small noise across it.
        let mut seed = 11;
        let data: Vec<f32> = (0..500)
            .flat_map(|_| {
                let t = noise(&mut seed) * 10.0;
                let u = noise(&mut seed) * 0.1;
                [(0.6 * t - 0.8 * u) as f32 + 1.0, (0.8 * t + 0.6 * u) as f32 - 2.0]
            })
            .collect();
        let pca = Pca::fit(&data, 2, 1);
        assert!((pca.components[0] - 0.6).abs() < 1e-3 && (pca.components[1] - 0.8).abs() < 1e-3);
        assert!(pca.explained() > 0.999);
        let p = pca.transform(&data[..2]);
        let want = (data[0] - pca.mean[0]) * pca.components[0] + (data[1] - pca.mean[1]) * pca.components[1];
        assert!((p[0] - want).abs() < 1e-5);
    }
}
