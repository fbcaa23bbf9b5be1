/**
 * The model catalogue format: one zod definition that yields the TypeScript types, the runtime
 * validator (`parseCatalog` in catalog.ts) and `models/catalog.schema.json`
 * (`node scripts/generate-catalog-schema.mjs`; a unit test fails when the committed file is stale).
 *
 * A fact the host does not publish is `null`, never a guess: models/README.md says where each
 * fact came from and how the downloader fills the gaps at download time.
 */
import { PROMPT_PROFILES } from '../notes/promptProfile';
import { z } from '../shared/zod';

export const TASKS = ['speech', 'llm'] as const;
export const ENGINES = ['transformers.js', 'web-llm'] as const;
export const DEVICES = ['webgpu', 'wasm'] as const;
/** Ordered from the least to the most capable hardware. */
export const TIERS = ['cpu', 'gpu-low', 'gpu-mid', 'gpu-high'] as const;
/** WebGPU adapter features a model can require (a subset of GPUFeatureName; extend as needed). */
export const GPU_FEATURES = ['shader-f16', 'subgroups'] as const;
/** transformers.js dtypes; each picks the ONNX file suffix (fp32 → none, q8 → `_quantized`, q4 → `_q4`…). */
export const TRANSFORMERS_DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
/** transformers.js dtypes whose weights or activations are 16-bit floats: on WebGPU they need `shader-f16`. */
export const HALF_PRECISION_DTYPES: readonly TransformersDtype[] = ['fp16', 'q4f16'];
/** web-llm prebuilt quantizations: q4f16 needs the adapter's `shader-f16`, q4f32 does not. */
export const WEB_LLM_QUANTIZATIONS = ['q4f16_1', 'q4f32_1'] as const;
/**
 * How a web-llm model's thinking is handled. `off`: the model writes a `<think>` block before its
 * answer unless told not to (Qwen3, Qwen3.5), and Escriba tells it not to (web-llm's
 * `extra_body.enable_thinking: false`). `none`: Escriba sends no such switch.
 */
export const THINKING_MODES = ['off', 'none'] as const;

const Slug = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'Debe ser un identificador en minúsculas (a-z, 0-9, «.», «-»).');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'Debe ser un SHA-256 en hexadecimal (64 caracteres en minúsculas).');
const CommitOrBranch = /^[A-Za-z0-9._/-]+$/;
const HttpUrl = z.url({ protocol: /^https?$/, error: 'Debe ser una URL http(s).' });
const RelativePath = z
  .string()
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\\]+$/, 'Debe ser una ruta relativa al repositorio, sin «..».');

export const RepoFileSchema = z
  .strictObject({
    path: RelativePath.describe('Path inside the repository at `revision`, e.g. "onnx/encoder_model.onnx".'),
    bytes: z
      .int()
      .positive()
      .nullable()
      .describe('Exact size in bytes where the host publishes it (Git LFS pointer `size`); null otherwise.'),
    approxBytes: z
      .int()
      .positive()
      .nullable()
      .describe("The host's rounded display size (\"124 MB\" → 124000000), for quota estimates only; null if unseen."),
    sha256: Sha256.nullable().describe('SHA-256 of the content where the host publishes it (Git LFS oid); null otherwise.'),
  })
  .describe('One file of a model repository.');

export const RepoSourceSchema = z
  .strictObject({
    host: HttpUrl.describe('Base URL of the host; files are at {host}/{repo}/resolve/{revision}/{path}.'),
    repo: z.string().regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/, 'Debe tener la forma «dueño/nombre».'),
    revision: z
      .string()
      .regex(CommitOrBranch, 'Debe ser un commit o el nombre de una rama.')
      .describe('A 40-hex commit. A branch name (e.g. "main") only with a TODO in models/README.md.'),
    files: z
      .array(RepoFileSchema)
      .nullable()
      .describe("Files the catalogue knows of; null when they are read from the model's own manifest at download time."),
  })
  .describe('Where a model is downloaded from.');

const GpuFeatureSchema = z.enum(GPU_FEATURES);
const VramMB = z
  .number()
  .positive()
  .describe("GPU memory estimate in MB as web-llm states it (vram_required_MB); compared as MiB, the conservative reading.");

export const TransformersJsVariantSchema = z
  .strictObject({
    device: z.enum(DEVICES),
    dtype: z
      .record(z.string().regex(/^[a-z0-9_]+$/), z.enum(TRANSFORMERS_DTYPES))
      .describe('transformers.js `dtype` per session file, e.g. {"encoder_model": "fp32", "decoder_model_merged": "q4"}.'),
    files: z.array(RelativePath).min(1).describe('Every file this variant loads; each must be listed in source.files.'),
    requiredFeatures: z.array(GpuFeatureSchema),
    vramMB: VramMB.nullable().describe('GPU memory estimate; null where nobody publishes one.'),
  })
  .describe('How to run a transformers.js model on one device.');

export const WebLlmVariantSchema = z
  .strictObject({
    device: z.literal('webgpu'),
    quantization: z.enum(WEB_LLM_QUANTIZATIONS),
    modelId: z.string().min(1).describe("web-llm `model_id` in the installed version's prebuiltAppConfig."),
    modelLib: HttpUrl.describe(
      'web-llm `model_lib`: the compiled WebGPU library (.wasm). Pinned: a commit in the URL instead of the branch (models/README.md).',
    ),
    modelLibSha256: Sha256.nullable()
      .optional()
      .describe(
        "SHA-256 of the library, read from the file at a pinned commit; checked by Escriba's download and by web-llm's `integrity` at every load. Null or absent: not known.",
      ),
    modelManifest: RelativePath.optional().describe(
      "web-llm `model_manifest` (e.g. \"mlc-model-manifest.json\"), for builds web-llm loads through one; absent for the others.",
    ),
    source: RepoSourceSchema,
    requiredFeatures: z
      .array(GpuFeatureSchema)
      .describe("Checked against the adapter by Escriba; never web-llm's own required_features (incomplete)."),
    vramMB: VramMB,
  })
  .describe('One web-llm prebuilt build of a model.');

const ModelBase = {
  id: Slug,
  name: z.string().min(1).describe('Display name shown to the doctor.'),
  description: z.string().min(1).describe('One or two sentences in Spanish for the doctor.'),
  tier: z.enum(TIERS).describe('The least capable hardware tier this model is meant for.'),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}$/, 'Debe ser un código de idioma ISO 639 («es», «en»…).'))
    .min(1)
    .describe("Languages the publisher declares support for (those relevant to Escriba when it lists many)."),
  license: z.string().min(1).describe('License identifier as the publisher states it (e.g. "apache-2.0", "llama3.2").'),
  contextWindowTokens: z.int().positive().nullable().describe('Context window in tokens (required for llm).'),
  experimental: z
    .boolean()
    .optional()
    .describe('True for a model still being evaluated (Escriba\'s own fine-tunes): never recommended; the doctor may choose it.'),
  baseModel: Slug.optional().describe('For a fine-tuned model: the catalogue id of the model it was trained from.'),
  promptProfile: z
    .enum(PROMPT_PROFILES)
    .optional()
    .describe('How the note prompt is built for this model (src/notes/promptProfile.ts); "full" when absent.'),
};

export const TransformersJsModelSchema = z.strictObject({
  ...ModelBase,
  task: z.enum(TASKS),
  engine: z.literal('transformers.js'),
  source: RepoSourceSchema.extend({ files: z.array(RepoFileSchema).min(1) }),
  variants: z.array(TransformersJsVariantSchema).min(1),
});

export const WebLlmModelSchema = z.strictObject({
  ...ModelBase,
  task: z.literal('llm'),
  engine: z.literal('web-llm'),
  thinking: z
    .enum(THINKING_MODES)
    .optional()
    .describe('"off": a model that thinks unless told not to (Qwen3, Qwen3.5), run with thinking off. "none" or absent: no switch is sent.'),
  variants: z.array(WebLlmVariantSchema).min(1),
});

export const CatalogModelSchema = z.discriminatedUnion('engine', [TransformersJsModelSchema, WebLlmModelSchema], {
  error: 'El motor (engine) debe ser «transformers.js» o «web-llm».',
});

export const CatalogSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1),
    models: z.array(CatalogModelSchema).min(1),
  })
  .superRefine(checkCatalogConsistency)
  .meta({ title: 'Escriba model catalogue', description: 'Every model Escriba can use (models/catalog.json).' });

export type Task = (typeof TASKS)[number];
export type Engine = (typeof ENGINES)[number];
export type Device = (typeof DEVICES)[number];
export type Tier = (typeof TIERS)[number];
export type GpuFeature = (typeof GPU_FEATURES)[number];
export type TransformersDtype = (typeof TRANSFORMERS_DTYPES)[number];
export type ThinkingMode = (typeof THINKING_MODES)[number];
export type RepoFile = z.infer<typeof RepoFileSchema>;
export type RepoSource = z.infer<typeof RepoSourceSchema>;
export type TransformersJsVariant = z.infer<typeof TransformersJsVariantSchema>;
export type WebLlmVariant = z.infer<typeof WebLlmVariantSchema>;
export type TransformersJsModel = z.infer<typeof TransformersJsModelSchema>;
export type WebLlmModel = z.infer<typeof WebLlmModelSchema>;
export type CatalogModel = z.infer<typeof CatalogModelSchema>;
export type ModelVariant = TransformersJsVariant | WebLlmVariant;
export type Catalog = z.infer<typeof CatalogSchema>;

type CatalogShape = { models: CatalogModel[] };

/** Rules JSON Schema cannot say: uniqueness, cross-references, and what each task and quantization implies. */
function checkCatalogConsistency(catalog: CatalogShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const ids = new Set<string>();
  const webLlmIds = new Set<string>();
  catalog.models.forEach((model, m) => {
    const at = (...rest: (string | number)[]) => ['models', m, ...rest];
    if (ids.has(model.id)) issue(at('id'), `El id «${model.id}» está repetido.`);
    ids.add(model.id);
    if (model.baseModel === model.id) issue(at('baseModel'), 'Un modelo no puede ser su propio modelo base.');
    if (model.task === 'llm' && model.contextWindowTokens === null) {
      issue(at('contextWindowTokens'), 'Un modelo de lenguaje (llm) debe indicar su ventana de contexto.');
    }
    if (model.engine === 'transformers.js') {
      const paths = new Set<string>();
      model.source.files.forEach((file, f) => {
        if (paths.has(file.path)) issue(at('source', 'files', f, 'path'), `El archivo «${file.path}» está repetido.`);
        paths.add(file.path);
      });
      model.variants.forEach((variant, v) => {
        // Catalogue order is preference order: an earlier variant for the same device that needs
        // no more features than this one is always picked first, so this one could never run.
        const shadowedBy = model.variants
          .slice(0, v)
          .findIndex((earlier) => earlier.device === variant.device && earlier.requiredFeatures.every((f) => variant.requiredFeatures.includes(f)));
        if (shadowedBy >= 0) {
          issue(at('variants', v, 'device'), `La variante ${shadowedBy} para «${variant.device}» se elige siempre antes que esta: nunca se usaría.`);
        }
        variant.files.forEach((path, f) => {
          if (!paths.has(path)) issue(at('variants', v, 'files', f), `«${path}» no figura en source.files.`);
        });
        if (variant.device === 'wasm' && variant.requiredFeatures.length > 0) {
          issue(at('variants', v, 'requiredFeatures'), 'Una variante WASM no puede exigir funciones de la GPU.');
        }
        const halfPrecision = Object.values(variant.dtype).some((dtype) => HALF_PRECISION_DTYPES.includes(dtype));
        if (variant.device === 'webgpu' && halfPrecision && !variant.requiredFeatures.includes('shader-f16')) {
          issue(at('variants', v, 'requiredFeatures'), 'Una variante WebGPU con fp16 o q4f16 debe exigir «shader-f16».');
        }
      });
    } else {
      const quantizations = new Set<string>();
      model.variants.forEach((variant, v) => {
        if (quantizations.has(variant.quantization)) {
          issue(at('variants', v, 'quantization'), `La cuantización «${variant.quantization}» está repetida.`);
        }
        quantizations.add(variant.quantization);
        if (webLlmIds.has(variant.modelId)) issue(at('variants', v, 'modelId'), `El modelId «${variant.modelId}» está repetido.`);
        webLlmIds.add(variant.modelId);
        if (variant.quantization.startsWith('q4f16') && !variant.requiredFeatures.includes('shader-f16')) {
          issue(at('variants', v, 'requiredFeatures'), 'Una variante q4f16 debe exigir «shader-f16».');
        }
      });
    }
  });
}
