
import pytest

from curator.text.language import detect_language, normalise_language_tag

ITALIAN_WITH_ENGLISH_NAMES = (
    "Il forum, organizzato durante la 25ª Fiera Internazionale dell'Industria di Shanghai, "
    "ha visto la partecipazione di Smart Factory Alliance, Global Robotics Group e "
    "Digital Supply Chain Council."
)
ENGLISH_WITH_CHINESE_NAMES = (
    "Zhang Wenhui, Li Xiaoming and Chen Guofeng attended the opening of the Pudong "
    "Automation Expo, where Wang Jianhua of Hongqiao Holdings delivered a speech."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ITALIAN_WITH_ENGLISH_NAMES, "it"),
        (ENGLISH_WITH_CHINESE_NAMES, "en"),
        ("第三届长三角工业博览会在上海国家会展中心开幕，吸引了众多企业参展。", "zh"),
        ("Le salon de la robotique se tiendra à Lyon du 3 au 5 mai avec 300 exposants.", "fr"),
        ("Die Messe für Automation findet vom 3. bis 5. Mai in Stuttgart statt.", "de"),
        ("La feria de automatización se celebrará en Valencia con más de 300 empresas.", "es"),
        ("A feira de automação será realizada em São Paulo com mais de 300 empresas.", "pt"),
    ],
)
def test_detects_the_language_of_a_short_press_paragraph(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "Bologna", "Fiera Milano", "2024"])
def test_too_little_text_gives_no_answer(text):
    assert detect_language(text) is None


def test_chinese_quote_inside_english_article_stays_english():
    text = ENGLISH_WITH_CHINESE_NAMES + " The slogan was 智能制造 (smart manufacturing)."
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("it-IT", "it"), ("en_GB", "en"), ("IT", "it"), ("", None), (None, None), ("x", None)],
)
def test_language_tags_are_reduced_to_the_iso_code(tag, expected):
    assert normalise_language_tag(tag) == expected
