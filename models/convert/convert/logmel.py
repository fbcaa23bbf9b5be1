"""Whisper's log-mel front end in numpy, to feed the ONNX encoder and CTranslate2 the same input.

Follows OpenAI Whisper's `audio.py` (`log_mel_spectrogram`): 30 s windows of 16 kHz audio padded
with zeros, a 400-point STFT with a periodic Hann window, hop 160, centred with reflect padding,
the last frame dropped, power spectrum, Slaney-style mel filters (librosa's default, which Whisper's
mel_filters.npz holds), log10 clamped at 1e-10 and to 8 below the maximum, then (x + 4) / 4.
Only the numerics check uses it: the app computes features in transformers.js.
"""

import wave

import numpy as np

SAMPLE_RATE = 16_000
N_FFT = 400
HOP_LENGTH = 160
CHUNK_SAMPLES = 30 * SAMPLE_RATE


def read_wav(path):
    """16 kHz mono 16-bit PCM WAV -> float32 samples in [-1, 1)."""
    with wave.open(str(path), 'rb') as f:
        if (f.getframerate(), f.getnchannels(), f.getsampwidth()) != (SAMPLE_RATE, 1, 2):
            raise ValueError(f'{path}: need 16 kHz mono 16-bit PCM, got {f.getframerate()} Hz, '
                             f'{f.getnchannels()} channels, {8 * f.getsampwidth()} bits (convert with sox)')
        frames = f.readframes(f.getnframes())
    return np.frombuffer(frames, dtype='<i2').astype(np.float32) / 32768.0


def _hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    mel = f / (200.0 / 3)
    log_region = f >= 1000.0
    return np.where(log_region, 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0), mel)


def _mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    hz = m * (200.0 / 3)
    return np.where(m >= 15.0, 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0)), hz)


def mel_filters(n_mels, sample_rate=SAMPLE_RATE, n_fft=N_FFT):
    """[n_mels, 1 + n_fft / 2] triangular filters, Slaney scale and area normalisation."""
    fft_freqs = np.linspace(0, sample_rate / 2, 1 + n_fft // 2)
    mel_f = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(sample_rate / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.astype(np.float32)


def log_mel(samples, n_mels=80):
    """float32 samples (at most 30 s) -> [n_mels, 3000] float32 features."""
    if len(samples) > CHUNK_SAMPLES:
        raise ValueError(f'{len(samples) / SAMPLE_RATE:.1f} s of audio: the check takes one 30 s window')
    audio = np.zeros(CHUNK_SAMPLES, dtype=np.float64)
    audio[:len(samples)] = samples
    padded = np.pad(audio, N_FFT // 2, mode='reflect')
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann
    frames = 1 + (len(padded) - N_FFT) // HOP_LENGTH
    idx = np.arange(N_FFT)[None, :] + HOP_LENGTH * np.arange(frames)[:, None]
    power = np.abs(np.fft.rfft(padded[idx] * window, axis=1)) ** 2  # [frames, 201]
    mel = mel_filters(n_mels).astype(np.float64) @ power[:-1].T  # drop the last frame
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)
