/**
 * What a segment's own words say about who said it, as points for each role. Each cue is one kind
 * of evidence and counts once however many of its words appear, so a long segment does not
 * outvote a short one by repetition.
 *
 * Why these cues: in a consultation the doctor asks («¿desde cuándo…?», «¿tenés fiebre?»), orders
 * («respirá hondo», «tomá paracetamol»), plans («te voy a pedir una placa», «suspendemos…») and
 * names findings in clinical words; the patient answers in the first person about their body
 * («me duele», «tengo», «tuve»), says «doctora» and «gracias»; a companion speaks of the patient in
 * the third person and by kinship («mi mamá», «le di el jarabe», «vinimos porque…»). Rioplatense
 * voseo helps: «tenés», «tomá», «sentate» are said to the patient, almost always by the doctor.
 *
 * Weights are hand-set, small integers and halves, checked on the scripts in fixtures/ (dev set)
 * and then measured once on the held-out scripts (roleAccuracy.test.ts). The turn-taking prior
 * lives in roleClassifier.ts.
 */
import type { SpeakerRole } from '../../storage/types';
import { hasWord, saysAny, type RoleText } from './roleText';

export type ScoredRole = Exclude<SpeakerRole, 'sin asignar'>;
export type RoleScores = Record<ScoredRole, number>;

export interface RoleCue {
  name: string;
  weights: Partial<RoleScores>;
  test(text: RoleText): boolean;
}

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));
const phrases = (list: string) => list.split(',').map((p) => p.trim()).filter(Boolean);

/** Voseo and usted imperatives a doctor gives in a consultation (with accents, as Whisper writes them). */
const IMPERATIVES = words(`
  tomá tomalo tomala tomalos tomate tome tómelo tómese respirá respire tosé tosa abrí abra
  acostate acostala acostalo acuéstese subite súbase subilo subila sacate sáquese sacale estirá estire
  doblá doblala doble mostrame muéstreme sentate siéntese pasá pase pasen contame cuénteme contáme
  hacé haga hacelo hacete hágase seguí seguilo seguila siga dejá deje déjeme dejame vení venga volvé
  vuelva quedate quédese evitá evite usá use poné ponga ponete avisame avíseme llamá llame traé
  traela traelo caminá camine descansá descanse apoyá apoye aflojá afloje relajá relaje levantá
  levante agachate decí diga
`);

/** Verbs in the second person of voseo: said to the patient. */
const VOSEO = words(`
  tenés tomás sos podés sentís fumás caminás subís querés estás hacés comés dormís notás sabés usás
  bajás orinás vomitás tosés tuviste pudiste sentiste empezaste tomaste notaste viste probaste
  acordás acordas dejaste hiciste fuiste comiste dormiste saturás venís volvés consultás traés
  arrancás empezás suspendés seguís
`);
const TE_VERBS = phrases(`
  te duele, te duelen, te arde, te pica, te pican, te paso, te falta, te cuesta, se te hincho, te dio,
  te dieron, te sentis, te mareas, te agarro, te salieron, te salio, te trae, te hiciste, te tomaste,
  te molesta, te doy, te pido, te indico, te receto, te recomiendo, te reviso, te voy a, te dejo,
  te hago, te explico, te pregunto, te escucho, te tomo
`);

/** The doctor decides and arranges: prescriptions, studies, follow-up. */
const PLAN = phrases(`
  le voy a, vamos a, le pido, le indico, le doy, le receto, le recomiendo, recomiendo, suspendemos,
  seguimos, subimos, bajamos, agregamos, dejamos, le hago, hay que, tenes que, nos vemos, que se quede,
  que tome, que se levante, que haga, que venga, prefiero que, le dejo, vas a tener, va a tener que,
  la traes, lo traes, directo a la guardia, a la guardia, en una semana, en un mes, en diez dias,
  con el resultado, con los controles, control de, proximo control, evaluamos, lo vemos, la vemos
`);

/** Examining and concluding. */
const ASSESSMENT = phrases(`
  a ver, escucho, revisar, revisarte, revisarlo, revisarla, reviso, tomarle, tomarte, normal, normales,
  parece, probablemente, probable, puede ser, descartar, descartamos, esto es, eso explica, suena a,
  esta perfecto, esta al dia, no hay nada, lo mas importante, es importante, saturando, saturas, pesa,
  mide, esta blanda, esta alta, esta bien, muy bien, esta limpio, le da, te da, da bien, muestra
`);

const CLINICAL_TERMS = words(`
  resonancia electrocardiograma electro hemograma urocultivo placa radiografia ecografia glucemia
  hemoglobina glicosilada saturacion derivacion certificado cardiologia cardiologo psicologia terapia
  urticaria hipotension menisco ligamento derrame neumonia deshidratada deshidratado viral bacteriana
  trastorno diagnostico abdomen pulmones crepitantes funcion monitor coronaria rehidratacion
  diureticos enfermera
`);

/** A doctor opening or closing the visit. */
const OPENING_CLOSING = phrases(`
  que te trae, que lo trae, que la trae, que los trae, que le paso, que paso, contame, cuenteme,
  como anduvo, como andan, como anda, como estas, como esta, adelante, pasen, de nada,
  que te mejores, que se mejore, hasta la proxima, soy el doctor, soy la doctora, soy el medico,
  soy la medica, de guardia
`);

/** Addressing the doctor, or thanking: the patient's side. */
const VOCATIVE = words('doctor doctora dra dr doc');
const THANKS = phrases('gracias');

/** The patient's own body and history, in the first person. */
const FIRST_PERSON = phrases(`
  me duele, me duelen, me arde, me pica, me pican, me agarro, me salieron, me salio, me cai, me doble,
  me mareo, me hincha, me hinche, me cuesta, me olvido, me tomaron, me dieron, me paso, me acuesto,
  me quedo, me empezo, me aprieta, se me nublo, se me nubla, se me hincho, me sale, me siento,
  me levanto, me canso, me falta, me dio, me dijo, me dijeron, me operaron, me internaron, me mareo,
  me pasa, me molesta, me cae mal, me hace mal, no puedo, no se, creo que, yo, me la olvido,
  me lo olvido, me las olvido, me salen, me brota, me brotan, me pongo, me hice, me operaron,
  soy alergico, soy alergica, soy hipertenso, soy hipertensa, soy diabetico, soy diabetica,
  soy asmatico, soy asmatica, soy celiaco, soy celiaca, soy epileptico, soy epileptica
`);
const FIRST_PERSON_VERBS = words(`
  tengo tuve estoy estuve siento sentí tomo tomé fumo fumé dejé escuché vomité dormí duermo trabajo
  iba fui empecé noté camino puedo necesito quería quiero olvido
`);
/** «Voy» is the patient's («voy al baño», «lo voy a intentar») unless the doctor acts on them: «te voy a pedir». */
const DOCTOR_BEFORE_VOY = words('te le les la los');

function saysVoy(text: RoleText): boolean {
  return text.folded.some((w, i) => w === 'voy' && !DOCTOR_BEFORE_VOY.has(text.folded[i - 1] ?? ''));
}

/** A question to the doctor: about the patient's own treatment, or «¿es grave?», «¿es normal?». */
const QUESTION_TO_DOCTOR = phrases(`
  puedo, tengo que, me va, me van, lo empiezo, la empiezo, lo puedo, la puedo, me cambia, debo, es grave,
  es normal, es por, es un infarto, tengo que volver, me tengo, me da, me conviene, lo van, la van
`);

/** A companion: kinship, and what they did for the patient. */
const COMPANION = phrases(`
  mi mama, mi papa, mi hijo, mi hija, mi nene, mi nena, mi abuela, mi abuelo, mi madre, mi padre,
  mi marido, mi esposo, mi esposa, mi senora, le di, le dimos, le traje, se las preparo, la agarre,
  lo agarre, vinimos, le anoto, la traigo, lo traigo, le puedo dar, puede ir, no mama, no papa,
  saluda, se lo damos, se la damos
`);
/** Third-person history of someone present: a companion's account (or the doctor's usted: weak). */
const THIRD_PERSON = phrases(`
  tiene, tuvo, come, comio, duerme, vomito, hizo pis, hace pis, se cayo, casi se cae, se despierta,
  le gusta, le cuesta, se marea, se esta, dice, arma, empieza, se queja, lloro, llora, le agrego,
  le dieron, le dio, le recetaron, le indicaron, lo operaron, la operaron, esta transpirado
`);
/** Negative imperatives (subjunctive): «no le des nada», «no tomes». */
const NEGATIVE_IMPERATIVES = phrases(`
  no le des, no le de, no tomes, no tome, no comas, no coma, no hagas, no haga, no uses, no use,
  no te rasques, no te olvides, no se olvide, no dejes, no deje, no manejes, no maneje, no fuerces
`);
/** An exclamation opening a reply: «Uh, ¿y eso?», «Ay, ahí me duele», «Ah, y el cardiólogo…». */
const EXCLAMATIONS = words('ay uh uy ah uf');

/** A short reply: «Sí.», «No, ninguna.», «Poquito.», «Dale.» */
const REPLY_OPENERS = words('si no poquito poco aca ahi dale perfecto claro nada nunca ninguno ninguna ay uh chau bárbaro barbaro entendido');
const MAX_REPLY_WORDS = 5;

const USTED_QUESTION = phrases(`
  usted, le duele, le arde, le pica, le paso, tiene, tuvo, toma, fuma, se tomo, se cayo, esta tomando,
  trajo, sabe, siente, sintio, nota, le falta el aire
`);

function firstPerson(text: RoleText): boolean {
  return saysAny(text, FIRST_PERSON) || hasWord(text, FIRST_PERSON_VERBS) || saysVoy(text);
}

function addressesDoctor(text: RoleText): boolean {
  return text.folded.some((w) => VOCATIVE.has(w)) && !saysAny(text, phrases('soy el doctor, soy la doctora'));
}

export const ROLE_CUES: readonly RoleCue[] = [
  { name: 'pregunta', weights: { médico: 1.5 }, test: (t) => t.question },
  {
    name: 'pregunta al médico',
    weights: { médico: -1.5, paciente: 1.5, acompañante: 1.5 },
    test: (t) => t.question && saysAny(t, QUESTION_TO_DOCTOR),
  },
  { name: 'pregunta de usted', weights: { médico: 1 }, test: (t) => t.question && saysAny(t, USTED_QUESTION) },
  { name: 'imperativo', weights: { médico: 2.5 }, test: (t) => hasWord(t, IMPERATIVES) || saysAny(t, NEGATIVE_IMPERATIVES) },
  { name: 'voseo', weights: { médico: 1.5 }, test: (t) => hasWord(t, VOSEO) || saysAny(t, TE_VERBS) },
  { name: 'plan', weights: { médico: 2 }, test: (t) => saysAny(t, PLAN) },
  { name: 'examen', weights: { médico: 1.5 }, test: (t) => saysAny(t, ASSESSMENT) },
  { name: 'términos clínicos', weights: { médico: 1 }, test: (t) => t.folded.some((w) => CLINICAL_TERMS.has(w)) },
  { name: 'apertura o cierre', weights: { médico: 2 }, test: (t) => saysAny(t, OPENING_CLOSING) },
  { name: 'le habla al médico', weights: { médico: -2, paciente: 1.5, acompañante: 1.5 }, test: (t) => addressesDoctor(t) },
  { name: 'agradece', weights: { médico: -0.5, paciente: 1, acompañante: 1 }, test: (t) => saysAny(t, THANKS) },
  {
    name: 'primera persona',
    weights: { paciente: 2, acompañante: 0.5 },
    test: (t) => firstPerson(t),
  },
  { name: 'acompañante', weights: { acompañante: 3.5, paciente: 0.3 }, test: (t) => saysAny(t, COMPANION) },
  { name: 'tercera persona', weights: { acompañante: 1, médico: 0.3 }, test: (t) => !t.question && saysAny(t, THIRD_PERSON) },
  {
    // Someone who is not the doctor («doctor», «doctora») telling of someone else: the companion.
    name: 'le cuenta al médico de otro',
    weights: { acompañante: 2 },
    test: (t) => addressesDoctor(t) && saysAny(t, THIRD_PERSON) && !firstPerson(t),
  },
  { name: 'exclamación', weights: { médico: -0.5, paciente: 1, acompañante: 1 }, test: (t) => EXCLAMATIONS.has(t.folded[0] ?? '') },
  {
    name: 'respuesta breve',
    weights: { paciente: 1, acompañante: 1 },
    test: (t) => !t.question && t.words.length <= MAX_REPLY_WORDS && REPLY_OPENERS.has(t.folded[0] ?? ''),
  },
];

export interface TextEvidence {
  scores: RoleScores;
  /** Names of the cues that fired, for tests and for reading a wrong guess. */
  cues: string[];
  /** Whether the text names a companion outright (kinship, «le di…»): a companion is present. */
  companion: boolean;
  question: boolean;
}

export function textEvidence(text: RoleText): TextEvidence {
  const scores: RoleScores = { médico: 0, paciente: 0, acompañante: 0 };
  const cues: string[] = [];
  for (const cue of ROLE_CUES) {
    if (!cue.test(text)) continue;
    cues.push(cue.name);
    for (const [role, weight] of Object.entries(cue.weights) as [ScoredRole, number][]) scores[role] += weight;
  }
  return { scores, cues, companion: cues.includes('acompañante'), question: text.question };
}
