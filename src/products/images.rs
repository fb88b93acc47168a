//! Product photos (server only): judged by their bytes, never by the name or
//! the browser's claimed type; stored under `DATA_DIR/media/products` with
//! generated names, each with a thumbnail made on upload; served at
//! `/media/products/{name}` with a year-long cache (a name never changes
//! content).

use std::io::Cursor;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use image::{ImageFormat, ImageReader, Limits};

use super::ProductImage;
use crate::auth::ssr::{random_token, ShopActor};
use crate::error::{AppError, AppResult};
use crate::db::now_millis;
use crate::context::limits::Work;
use crate::context::AppState;
use crate::i18n::msg;

pub const IMAGE_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Longest side of a thumbnail, in pixels (the list shows 64–160 px).
const THUMB_SIZE: u32 = 400;
const MAX_SIDE: u32 = 10_000;
/// The most pixels a photo may have: a 24-megapixel camera's 6000×4000 and
/// a phone's 12-megapixel shots fit; decoded as RGBA that is at most 144 MB,
/// held while the thumbnail is made.
pub const MAX_MEGAPIXELS: u64 = 36;
/// What the decoder may allocate for one photo (the pixels and its own
/// buffers); a few run at once (`HEAVY_PERMITS`).
const MAX_DECODE_BYTES: u64 = 160 * 1024 * 1024;

pub fn media_dir(state: &AppState) -> std::path::PathBuf {
    media_dir_in(&state.config.data_dir)
}

pub fn media_dir_in(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.join("media").join("products")
}

pub fn url_of(name: &str) -> String {
    format!("/media/products/{name}")
}

fn not_an_image() -> AppError {
    AppError::invalid("image", msg::products_err_image_type())
}

/// A decoded upload: its format, size and the thumbnail's JPEG bytes.
#[derive(Debug)]
pub struct Processed {
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
    pub thumbnail: Vec<u8>,
}

/// Decodes the bytes (with limits, so a crafted file cannot take the memory)
/// and makes the thumbnail.
pub fn process(bytes: &[u8]) -> AppResult<Processed> {
    if bytes.len() > IMAGE_MAX_BYTES {
        return Err(AppError::invalid("image", msg::products_err_image_size()));
    }
    let format = image::guess_format(bytes).map_err(|_| not_an_image())?;
    let extension = match format {
        ImageFormat::Jpeg => "jpg",
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        ImageFormat::Gif => "gif",
        _ => return Err(not_an_image()),
    };
    let too_many_pixels = || AppError::invalid("image", msg::products_err_image_too_many_pixels(MAX_MEGAPIXELS.to_string()));
    // The header says how large the picture is: a few hundred bytes of PNG
    // can claim gigabytes of pixels, so it is judged before anything is decoded.
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| AppError::invalid("image", msg::products_err_image_unreadable()))?;
    if u64::from(width) * u64::from(height) > MAX_MEGAPIXELS * 1_000_000 || width.max(height) > MAX_SIDE {
        return Err(too_many_pixels());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| {
        tracing::info!(error = %e, "an uploaded photo does not decode");
        match e {
            image::ImageError::Limits(_) => too_many_pixels(),
            _ => AppError::invalid("image", msg::products_err_image_unreadable()),
        }
    })?;
    let (width, height) = (decoded.width(), decoded.height());
    if width < 100 || height < 100 {
        return Err(AppError::invalid("image", msg::products_err_image_small()));
    }
    let thumb = decoded.thumbnail(THUMB_SIZE, THUMB_SIZE).to_rgb8();
    let mut thumbnail = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut thumbnail, 82)
        .encode_image(&thumb)
        .map_err(|e| {
            tracing::error!(error = %e, "thumbnail encoding failed");
            AppError::internal()
        })?;
    Ok(Processed { extension, width, height, thumbnail })
}

async fn write_file(path: &std::path::Path, bytes: &[u8]) -> AppResult<()> {
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(|e| {
            tracing::error!(error = %e, "cannot create the media folder");
            AppError::internal()
        })?;
    }
    tokio::fs::write(path, bytes).await.map_err(|e| {
        tracing::error!(error = %e, "cannot store a photo");
        AppError::internal()
    })
}

/// Stores a photo and its thumbnail for the shop, not yet on a product.
pub async fn store(state: &AppState, shop_id: i64, bytes: Vec<u8>) -> AppResult<ProductImage> {
    // Decoding takes up to MAX_DECODE_BYTES: a few at a time, else busy.
    let processed = state.heavy.run(Work::Image, move || process(&bytes).map(|p| (p, bytes))).await??;
    let (p, bytes) = processed;
    store_at(&state.db, &media_dir(state), shop_id, &bytes, &p).await
}

/// Writes the files under `dir` and records the photo (demo data uses this
/// before the app state exists).
pub async fn store_at(
    db: &crate::db::Database,
    dir: &std::path::Path,
    shop_id: i64,
    bytes: &[u8],
    p: &Processed,
) -> AppResult<ProductImage> {
    let stem = random_token();
    let file = format!("{}.{}", &stem[..32], p.extension);
    let thumb = format!("{}_t.jpg", &stem[..32]);
    write_file(&dir.join(&file), bytes).await?;
    write_file(&dir.join(&thumb), &p.thumbnail).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO product_images (shop_id, product_id, position, file, thumb, width, height, size_bytes, created_at) \
         VALUES ($1, NULL, 0, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(shop_id)
    .bind(&file)
    .bind(&thumb)
    .bind(i64::from(p.width))
    .bind(i64::from(p.height))
    .bind(bytes.len() as i64)
    .bind(now_millis())
    .fetch_one(db.pool())
    .await?;
    Ok(ProductImage { id, url: url_of(&file), thumb_url: url_of(&thumb), width: p.width.into(), height: p.height.into() })
}

/// The upload server function's body: one file in field `image`.
pub async fn upload(
    state: &AppState,
    actor: &ShopActor,
    data: leptos::server_fn::codec::MultipartData,
) -> AppResult<ProductImage> {
    let form = crate::accounts::ssr::read_multipart(
        data,
        "image",
        IMAGE_MAX_BYTES,
        AppError::invalid("image", msg::products_err_image_size()),
    )
    .await?;
    if form.document.is_empty() {
        return Err(AppError::invalid("image", msg::products_err_image_choose()));
    }
    store(state, actor.shop_id, form.document).await
}

/// Deletes the files of photos that are no longer stored (after the
/// transaction that removed their rows committed).
pub async fn remove_files(state: &AppState, names: &[String]) {
    let dir = media_dir(state);
    for name in names {
        let _ = tokio::fs::remove_file(dir.join(name)).await;
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 80
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !name.starts_with('.')
}

/// `GET /media/products/{name}`
pub async fn serve(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    if !valid_name(&name) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mime = match name.rsplit('.').next() {
        Some("jpg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match tokio::fs::read(media_dir(&state).join(&name)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                // A seller's upload: opened on its own, it may run nothing.
                (header::CONTENT_SECURITY_POLICY, "sandbox"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, "no-store")]).into_response(),
    }
}

/// A placeholder photo for demo products: a soft studio backdrop in the
/// product's colour with a garment-like silhouette. JPEG bytes.
pub fn placeholder(rgb: [u8; 3], seed: u32) -> Vec<u8> {
    let (w, h) = (600u32, 750u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let backdrop = [246u8, 243, 238];
        // A simple body shape: shoulders, torso and sleeves.
        let cx = w as i64 / 2;
        let dx = (x as i64 - cx).abs();
        let y = y as i64;
        let torso = (160..640).contains(&y) && dx < 150 + (seed % 3) as i64 * 15;
        let sleeves = (170..480).contains(&y) && dx < 230 && dx > 120 && (y - 170) > (dx - 120) / 2;
        let neck = y < 200 && dx < 40 && y > 150;
        if (torso || sleeves) && !neck {
            let shade = 1.0 - (y as f32 / h as f32) * 0.25;
            [(rgb[0] as f32 * shade) as u8, (rgb[1] as f32 * shade) as u8, (rgb[2] as f32 * shade) as u8].into()
        } else {
            let fade = (y as f32 / h as f32 * 18.0) as u8;
            [backdrop[0] - fade, backdrop[1] - fade, backdrop[2] - fade].into()
        }
    });
    let mut out = Vec::new();
    let _ = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&img);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_photo_gets_a_thumbnail_and_anything_else_is_refused() {
        let jpeg = placeholder([30, 30, 30], 1);
        let p = process(&jpeg).unwrap();
        assert_eq!((p.extension, p.width, p.height), ("jpg", 600, 750));
        let thumb = image::load_from_memory(&p.thumbnail).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (320, 400));
        assert_eq!(process(b"%PDF-1.4 not a photo").unwrap_err().field.as_deref(), Some("image"));
        let mut broken = jpeg.clone();
        broken.truncate(200);
        assert!(process(&broken).is_err());
        assert!(process(&vec![0xFF; IMAGE_MAX_BYTES + 1]).is_err());
    }

    #[test]
    fn a_picture_of_too_many_pixels_is_refused_before_it_is_decoded() {
        // 7000×6000 grey pixels: a 42 MB picture in a few kilobytes of PNG.
        let mut png = Vec::new();
        image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new_with_quality(
                &mut png,
                image::codecs::png::CompressionType::Fast,
                image::codecs::png::FilterType::NoFilter,
            ),
            &vec![0u8; 7000 * 6000],
            7000,
            6000,
            image::ExtendedColorType::L8,
        )
        .unwrap();
        assert!(png.len() < IMAGE_MAX_BYTES);
        let err = crate::i18n::with_locale(crate::i18n::Locale::Ko, || process(&png)).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("image"));
        assert!(err.message.contains("메가픽셀"), "{}", err.message);
    }

    #[test]
    fn only_generated_names_are_served() {
        assert!(valid_name("0123abcdef_t.jpg"));
        assert!(!valid_name("../secret.db"));
        assert!(!valid_name(".hidden"));
        assert!(!valid_name("a/b.jpg"));
    }
}
